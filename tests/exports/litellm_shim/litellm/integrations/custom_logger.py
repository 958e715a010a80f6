"""The part of LiteLLM's CustomLogger the generated hook relies on (see ../../README.md)."""


class CustomLogger:
    def __init__(self, message_logging: bool = True, **kwargs) -> None:
        self.message_logging = message_logging

    async def async_pre_call_hook(self, user_api_key_dict, cache, data: dict, call_type):
        # LiteLLM: raise to refuse, return a str for the user to receive, or return the modified data.
        pass
