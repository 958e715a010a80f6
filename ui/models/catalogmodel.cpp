#include "ui/models/catalogmodel.h"

#include <QFont>
#include <QLocale>
#include <cmath>
#include <utility>

#include "core/catalog/catalog.h"
#include "core/common/locatedjson.h"
#include "core/workspace/workspaceedits.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

bool isNumeric(int column) { return column >= CatalogModel::InputColumn && column <= CatalogModel::MaxOutputColumn; }

bool isExactTokenizer(const core::Model& model) { return model.tokenizer != "estimate" && !model.tokenizer.empty(); }

// Missing prices sort below every real price.
QVariant priceKey(const std::optional<core::Price>& price) {
    return price ? QVariant(static_cast<qlonglong>(price->nanoUsdPerMillion())) : QVariant(qlonglong{-1});
}

// The workspace file's key of a column, for the JSON pointer of a problem at the cell.
const char* fieldKey(int column) {
    switch (column) {
        case CatalogModel::IdColumn:
            return "id";
        case CatalogModel::NameColumn:
            return "name";
        case CatalogModel::ProviderColumn:
            return "provider";
        case CatalogModel::InputColumn:
            return "input";
        case CatalogModel::OutputColumn:
            return "output";
        case CatalogModel::CachedInputColumn:
            return "cache_read";
        case CatalogModel::CacheWriteColumn:
            return "cache_write";
        case CatalogModel::BatchDiscountColumn:
            return "batch_discount_percent";
        case CatalogModel::ContextColumn:
            return "context_window";
        case CatalogModel::MaxOutputColumn:
            return "max_output";
        default:
            return "";
    }
}

core::Problem cellProblem(int row, int column, const QString& message) {
    const std::string pointer =
        core::appendPointer(core::appendPointer("/catalog", static_cast<size_t>(row)), fieldKey(column));
    return core::Problem{{}, 0, 0, pointer, message.toStdString()};
}

// What people type into a number cell: "$0.15", "1,000", "128k", " 50 % ".
QString cleanNumberText(QString text) {
    text = text.trimmed();
    text.remove(u',');
    text.remove(u'_');
    text.remove(u' ');
    text.replace(QChar(0x2212), u'-');  // the minus sign the table itself writes
    return text;
}

// A price typed in USD per 1M tokens. A negative one is passed on as it is: the catalog reader
// refuses it with its own message, so the rule lives in one place.
std::optional<core::Price> parsePriceText(QString text, bool* ok) {
    text = cleanNumberText(text);
    const bool negative = text.startsWith(u'-');
    if (negative) text.remove(0, 1);
    if (text.startsWith(u'$')) text.remove(0, 1);
    auto price = core::Price::parse(text.toStdString());
    *ok = price.has_value();
    if (!price) return std::nullopt;
    return negative ? core::Price::fromNanoUsdPerMillion(-price->nanoUsdPerMillion()) : *price;
}

// Tokens as a whole number, with an optional K or M: "128000", "128K", "1.05M".
std::optional<std::int64_t> parseTokenText(QString text) {
    text = cleanNumberText(text);
    double scale = 1;
    if (text.endsWith(u'k', Qt::CaseInsensitive))
        scale = 1e3;
    else if (text.endsWith(u'm', Qt::CaseInsensitive))
        scale = 1e6;
    if (scale > 1) text.chop(1);
    bool ok = false;
    const double value = QLocale::c().toDouble(text, &ok) * scale;
    if (!ok || !std::isfinite(value) || std::abs(value) > 1e15 || value != std::floor(value)) return std::nullopt;
    return static_cast<std::int64_t>(value);
}

}  // namespace

CatalogModel::CatalogModel(WorkspaceDocument* document, WorkspaceCommands* commands, QObject* parent)
    : QAbstractTableModel(parent), m_document(document), m_commands(commands) {
    connect(m_document, &WorkspaceDocument::aboutToChange, this, &CatalogModel::beginChange);
    connect(m_document, &WorkspaceDocument::changed, this, &CatalogModel::endChange);
}

void CatalogModel::beginChange(const WorkspaceChange& change) {
    using Kind = WorkspaceChange::Kind;
    m_pending = Pending::None;
    if (!change.touches(WorkspaceField::Catalog)) return;
    switch (change.kind) {
        case Kind::ModelInserted:
            beginInsertRows({}, change.row, change.row);
            m_pending = Pending::Insert;
            return;
        case Kind::ModelRemoved:
            beginRemoveRows({}, change.row, change.row);
            m_pending = Pending::Remove;
            return;
        case Kind::ModelChanged:
            return;
        default:
            beginResetModel();
            m_pending = Pending::Reset;
            return;
    }
}

void CatalogModel::endChange(const WorkspaceChange& change) {
    switch (std::exchange(m_pending, Pending::None)) {
        case Pending::Insert:
            endInsertRows();
            return;
        case Pending::Remove:
            endRemoveRows();
            return;
        case Pending::Reset:
            endResetModel();
            return;
        case Pending::None:
            break;
    }
    if (change.kind == WorkspaceChange::Kind::ModelChanged && change.touches(WorkspaceField::Catalog))
        emit dataChanged(index(change.row, 0), index(change.row, ColumnCount - 1));
}

int CatalogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_document->workspace().catalog.size());
}

int CatalogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const core::Model& CatalogModel::modelAt(int row) const {
    return m_document->workspace().catalog.models().at(static_cast<size_t>(row));
}

QVariant CatalogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const core::Model& model = modelAt(index.row());
    switch (role) {
        case Qt::DisplayRole:
            return display(model, index.column());
        case Qt::EditRole:
            return editText(model, index.column());
        case Qt::ToolTipRole:
            return toolTip(model, index.column());
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(isNumeric(index.column()) ? Qt::AlignRight | Qt::AlignVCenter
                                                                 : Qt::AlignLeft | Qt::AlignVCenter);
        case Qt::FontRole:
            if (index.column() == IdColumn) {
                QFont font;
                font.setWeight(QFont::DemiBold);
                return font;
            }
            return {};
        case SortRole:
            return sortKey(model, index.column());
        case SearchRole:
            return toQString(model.id + ' ' + model.name + ' ' + model.provider + ' ' + model.tokenizer);
        case ModelIdRole:
            return toQString(model.id);
        default:
            return {};
    }
}

QVariant CatalogModel::display(const core::Model& model, int column) const {
    const auto& prices = model.prices;
    switch (column) {
        case IdColumn:
            return toQString(model.id);
        case NameColumn:
            return toQString(model.name);
        case ProviderColumn:
            return toQString(model.provider);
        case InputColumn:
            return formatPrice(prices.input);
        case OutputColumn:
            return formatPrice(prices.output);
        case CachedInputColumn:
            return formatOptionalPrice(prices.cacheRead);
        case CacheWriteColumn:
            return formatOptionalPrice(prices.cacheWrite);
        case BatchDiscountColumn:
            return formatDiscount(prices.batch);
        case ContextColumn:
            return formatTokenCount(model.contextWindow);
        case MaxOutputColumn:
            return formatTokenCount(model.maxOutput);
        case TokenizerColumn:
            return isExactTokenizer(model) ? tr("exact") : tr("estimate");
        default:
            return {};
    }
}

QString CatalogModel::editText(const core::Model& model, int column) const {
    const auto& prices = model.prices;
    const auto optionalPrice = [](const std::optional<core::Price>& p) {
        return p ? toQString(p->toString()) : QString();
    };
    switch (column) {
        case IdColumn:
            return toQString(model.id);
        case NameColumn:
            return toQString(model.name);
        case ProviderColumn:
            return toQString(model.provider);
        case InputColumn:
            return toQString(prices.input.toString());
        case OutputColumn:
            return toQString(prices.output.toString());
        case CachedInputColumn:
            return optionalPrice(prices.cacheRead);
        case CacheWriteColumn:
            return optionalPrice(prices.cacheWrite);
        case BatchDiscountColumn:
            return prices.batch.basisPoints == 0 ? QString()
                                                 : QLocale::c().toString(core::discountPercent(prices.batch), 'g', 6);
        case ContextColumn:
            return QString::number(model.contextWindow);
        case MaxOutputColumn:
            return QString::number(model.maxOutput);
        default:
            return {};
    }
}

Qt::ItemFlags CatalogModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (m_commands && index.isValid() && index.column() != TokenizerColumn) flags |= Qt::ItemIsEditable;
    return flags;
}

core::Result<core::Model> CatalogModel::withCell(const QModelIndex& index, const QString& text) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return core::Problem{{}, 0, 0, "/catalog", "no such cell"};
    const int row = index.row();
    const int column = index.column();
    core::Model model = modelAt(row);
    auto& prices = model.prices;
    const QString trimmed = text.trimmed();
    switch (column) {
        case IdColumn:
            model.id = trimmed.toStdString();
            break;
        case NameColumn:
            model.name = trimmed.toStdString();
            break;
        case ProviderColumn:
            if (trimmed.isEmpty())
                return cellProblem(row, column, tr("Name the provider family, e.g. openai or anthropic."));
            model.provider = trimmed.toStdString();
            break;
        case InputColumn:
        case OutputColumn:
        case CachedInputColumn:
        case CacheWriteColumn: {
            const bool optional = column == CachedInputColumn || column == CacheWriteColumn;
            if (trimmed.isEmpty() || trimmed == QStringLiteral("\u2014")) {
                if (!optional) return cellProblem(row, column, tr("Enter a price in USD per 1M tokens, e.g. 0.15."));
                (column == CachedInputColumn ? prices.cacheRead : prices.cacheWrite).reset();
                break;
            }
            bool ok = false;
            const auto price = parsePriceText(trimmed, &ok);
            if (!ok)
                return cellProblem(
                    row, column, tr("\u201c%1\u201d is not a price: type USD per 1M tokens, e.g. 0.15.").arg(trimmed));
            if (column == InputColumn)
                prices.input = *price;
            else if (column == OutputColumn)
                prices.output = *price;
            else if (column == CachedInputColumn)
                prices.cacheRead = *price;
            else
                prices.cacheWrite = *price;
            break;
        }
        case BatchDiscountColumn: {
            QString percent = cleanNumberText(trimmed);
            if (percent.endsWith(u'%')) percent.chop(1);
            if (percent.isEmpty() || percent == QStringLiteral("\u2014")) {
                prices.batch = {};
                break;
            }
            bool ok = false;
            const double value = QLocale::c().toDouble(percent, &ok);
            if (!ok || !std::isfinite(value) || value < 0 || value > 100)
                return cellProblem(row, column, tr("Type the batch discount in percent, from 0 to 100 (e.g. 50)."));
            prices.batch.basisPoints = static_cast<int>(std::lround(value * 100));
            break;
        }
        case ContextColumn:
        case MaxOutputColumn: {
            const auto tokens = parseTokenText(trimmed);
            if (!tokens)
                return cellProblem(
                    row, column,
                    tr("\u201c%1\u201d is not a token count: type a whole number, e.g. 128000 or 128K.").arg(trimmed));
            (column == ContextColumn ? model.contextWindow : model.maxOutput) = *tokens;
            break;
        }
        default:
            return cellProblem(row, column, tr("This column cannot be edited."));
    }
    return model;
}

core::Problems CatalogModel::checkCell(const QModelIndex& index, const QString& text) const {
    auto model = withCell(index, text);
    if (!model) return model.problems();
    core::Workspace copy = m_document->workspace();
    const core::Status status =
        core::replaceCatalogModel(copy, static_cast<size_t>(index.row()), std::move(model).value());
    return status ? core::Problems{} : status.problems();
}

bool CatalogModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !m_commands) return false;
    auto model = withCell(index, value.toString());
    core::Status status = model ? m_commands->replaceCatalogModel(index.row(), std::move(model).value(), index.column())
                                : core::Status(model.problems());
    if (!status) {
        m_lastRefusal = status.problems();
        emit editRefused(index, m_lastRefusal);
        return false;
    }
    m_lastRefusal.clear();
    return true;
}

int CatalogModel::rowOf(const QString& modelId) const {
    const auto& models = m_document->workspace().catalog.models();
    const std::string id = modelId.toStdString();
    for (size_t i = 0; i < models.size(); ++i)
        if (models[i].id == id) return static_cast<int>(i);
    return -1;
}

QVariant CatalogModel::sortKey(const core::Model& model, int column) const {
    const auto& prices = model.prices;
    switch (column) {
        case InputColumn:
            return priceKey(prices.input);
        case OutputColumn:
            return priceKey(prices.output);
        case CachedInputColumn:
            return priceKey(prices.cacheRead);
        case CacheWriteColumn:
            return priceKey(prices.cacheWrite);
        case BatchDiscountColumn:
            return prices.batch.basisPoints;
        case ContextColumn:
            return static_cast<qlonglong>(model.contextWindow);
        case MaxOutputColumn:
            return static_cast<qlonglong>(model.maxOutput);
        default:
            return display(model, column).toString().toLower();
    }
}

QVariant CatalogModel::toolTip(const core::Model& model, int column) const {
    switch (column) {
        case InputColumn:
        case OutputColumn: {
            QStringList lines{tr("USD per 1M tokens, read %1").arg(toQString(model.priceDate))};
            for (const auto& tier : model.prices.longContext) {
                lines << tr("Above %1 input tokens: %2 in, %3 out")
                             .arg(formatTokenCount(tier.aboveInputTokens), formatPrice(tier.input),
                                  formatPrice(tier.output));
            }
            lines << toQString(model.source);
            return lines.join(u'\n');
        }
        case IdColumn:
        case NameColumn:
            return toQString(model.name);
        case CachedInputColumn:
            return tr("USD per 1M input tokens read from the prompt cache");
        case CacheWriteColumn:
            return tr("USD per 1M tokens written to the prompt cache");
        case BatchDiscountColumn:
            return tr("Discount of the provider's batch API");
        case TokenizerColumn:
            return isExactTokenizer(model) ? tr("Token counts are exact: %1").arg(toQString(model.tokenizer))
                                           : tr("Token counts are estimated: no public tokenizer");
        default:
            return {};
    }
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(isNumeric(section) ? Qt::AlignRight | Qt::AlignVCenter
                                                      : Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && section >= InputColumn && section <= CacheWriteColumn) {
        return tr("USD per 1M tokens");
    }
    if (role == Qt::ToolTipRole && section == TokenizerColumn) {
        return tr("Whether Switchyard counts this model's tokens exactly, and with which tokenizer");
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case IdColumn:
            return tr("Model");
        case NameColumn:
            return tr("Name");
        case ProviderColumn:
            return tr("Provider");
        case InputColumn:
            return tr("Input");
        case OutputColumn:
            return tr("Output");
        case CachedInputColumn:
            return tr("Cached input");
        case CacheWriteColumn:
            return tr("Cache write");
        case BatchDiscountColumn:
            return tr("Batch");
        case ContextColumn:
            return tr("Context");
        case MaxOutputColumn:
            return tr("Max output");
        case TokenizerColumn:
            return tr("Token count");
        default:
            return {};
    }
}

}  // namespace switchyard::ui
