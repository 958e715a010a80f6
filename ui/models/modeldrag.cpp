#include "ui/models/modeldrag.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>

namespace switchyard::ui {

QMimeData* encodeModelDrag(const ModelDrag& drag) {
    auto* data = new QMimeData;
    const QJsonObject object{{QStringLiteral("model"), drag.modelId},
                             {QStringLiteral("tier"), drag.fromTier},
                             {QStringLiteral("slot"), drag.fromSlot}};
    data->setData(kModelDragMimeType, QJsonDocument(object).toJson(QJsonDocument::Compact));
    // Other applications get the id as text.
    data->setText(drag.modelId);
    return data;
}

std::optional<ModelDrag> decodeModelDrag(const QMimeData* data) {
    if (!data || !data->hasFormat(kModelDragMimeType)) return std::nullopt;
    const QJsonObject object = QJsonDocument::fromJson(data->data(kModelDragMimeType)).object();
    ModelDrag drag;
    drag.modelId = object.value(QStringLiteral("model")).toString();
    drag.fromTier = object.value(QStringLiteral("tier")).toInt(-1);
    drag.fromSlot = object.value(QStringLiteral("slot")).toInt(-1);
    if (drag.modelId.isEmpty()) return std::nullopt;
    return drag;
}

}  // namespace switchyard::ui
