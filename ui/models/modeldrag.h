#pragma once
// What a drag of a model carries between the catalog panel and the tier board: the model id and,
// for a card dragged off the board, the tier and slot it comes from. One MIME type for both, so a
// drop target needs one reader.

#include <QString>
#include <optional>

class QMimeData;

namespace switchyard::ui {

struct ModelDrag {
    QString modelId;
    int fromTier = -1;  // -1: from the catalog (a copy), else the card's tier (a move)
    int fromSlot = -1;

    [[nodiscard]] bool fromCatalog() const { return fromTier < 0; }
    bool operator==(const ModelDrag&) const = default;
};

inline const QString kModelDragMimeType = QStringLiteral("application/x-switchyard-model");

// New MIME data the caller owns (Qt's drag takes it over).
QMimeData* encodeModelDrag(const ModelDrag& drag);
std::optional<ModelDrag> decodeModelDrag(const QMimeData* data);

}  // namespace switchyard::ui
