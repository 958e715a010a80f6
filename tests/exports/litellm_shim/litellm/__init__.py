# Stand-in for the litellm package in the LiteLLM export's tests; see ../README.md.
