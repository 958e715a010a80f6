#pragma once
// Which CSV column holds which traffic field: the first rows of the file (read on a worker) in a
// preview table, and one choice per field the simulator reads (prompt, tokens, model, …; see
// core::csvTrafficFields). A column named like a field starts mapped to it. The page remembers
// the accepted mapping per file, so the next run of the same log asks nothing.

#include <QDialog>
#include <QStringList>
#include <map>
#include <string>
#include <vector>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QTableWidget;

namespace switchyard::ui {

class JobRunner;

// The fields a mapping offers and what the dialog asks for: the Simulator's traffic fields by
// default, the Evaluate page's dataset fields (core::datasetCsvFields) for a dataset import.
struct CsvMappingFields {
    std::vector<std::string> fields;
    QString acceptText;
    QStringList anyOf;      // at least one of these must be mapped
    QString missingAdvice;  // said when none of them is
    static CsvMappingFields traffic();
    static CsvMappingFields dataset();
};

class CsvMappingDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvMappingDialog)

public:
    CsvMappingDialog(JobRunner* jobs, QString file, QWidget* parent = nullptr,
                     const std::map<std::string, std::string>& remembered = {},
                     CsvMappingFields fields = CsvMappingFields::traffic());

    // The key a mapping is remembered under for `file`.
    static QString headerKeyOf(const QString& file);
    [[nodiscard]] QString headerKey() const { return headerKeyOf(m_file); }
    // field -> column, for every field given a column.
    [[nodiscard]] std::map<std::string, std::string> mapping() const;
    [[nodiscard]] QComboBox* fieldCombo(const QString& field) const;
    [[nodiscard]] QTableWidget* preview() const { return m_preview; }
    [[nodiscard]] bool isLoaded() const { return m_loaded; }

signals:
    void loaded();

private:
    void showPreview(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
    void updateHighlight();

    QString m_file;
    std::map<std::string, std::string> m_remembered;
    CsvMappingFields m_fieldSet;
    QTableWidget* m_preview;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
    std::map<QString, QComboBox*> m_fields;
    QStringList m_columns;
    bool m_loaded = false;
};

}  // namespace switchyard::ui
