#pragma once
// The Catalog's "What if prices change?": the catalog's input and output prices in an editable
// table, and — on Re-cost — the newest simulation (the Simulator's log, else the live costing's
// sample) decided again under the edited prices on a worker, old against new per route. The
// edits stay in the dialog: the workspace's catalog is not changed.

#include <QDialog>
#include <map>
#include <memory>
#include <string>

#include "core/catalog/model.h"
#include "core/simulate/reprice.h"
#include "ui/app/workbench.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace switchyard::ui {

class RepriceDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RepriceDialog)

public:
    explicit RepriceDialog(const Workbench& workbench, QWidget* parent = nullptr);

    void recost();
    [[nodiscard]] QTableWidget* prices() const { return m_prices; }
    [[nodiscard]] QTableWidget* comparison() const { return m_comparison; }
    [[nodiscard]] QString summary() const;

signals:
    void recosted();

private:
    enum PriceColumn { ModelColumn, InputColumn, OutputColumn };
    void fillPrices();
    void showComparison(const core::RepriceComparison& comparison);
    // The edited prices of the models whose row differs from the catalog; a problem names the cell.
    bool editedPrices(std::map<std::string, core::ModelPrices>& out, QString& problem) const;

    Workbench m_workbench;
    QTableWidget* m_prices;
    QTableWidget* m_comparison;
    QLabel* m_source;
    QLabel* m_summary;
    QPushButton* m_recost;
};

}  // namespace switchyard::ui
