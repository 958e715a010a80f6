#include "core/exporters/exporter.h"

#include "core/exporters/litellm.h"
#include "core/exporters/nativeconfig.h"
#include "core/exporters/portkey.h"
#include "core/exporters/pythonrouter.h"
#include "core/exporters/typescriptrouter.h"

namespace switchyard::core {

const std::vector<std::shared_ptr<const Exporter>>& exporters() {
    static const std::vector<std::shared_ptr<const Exporter>> all{
        std::make_shared<const NativeConfigExporter>(),     std::make_shared<const PythonRouterExporter>(),
        std::make_shared<const TypeScriptRouterExporter>(), std::make_shared<const LiteLlmExporter>(),
        std::make_shared<const PortkeyExporter>(),
    };
    return all;
}

std::shared_ptr<const Exporter> findExporter(std::string_view name) {
    for (const auto& e : exporters())
        if (e->name() == name) return e;
    return nullptr;
}

std::string exporterNames() {
    std::string out;
    for (const auto& e : exporters()) out += (out.empty() ? "" : ", ") + e->name();
    return out;
}

}  // namespace switchyard::core
