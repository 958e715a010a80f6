// Store's datasets: items with their whole request, task type and tags; listings with counts
// per tag; and the bookkeeping an eval run needs to resume (its config, its finished pairs).
#include <functional>
#include <map>

#include "core/store/storeimpl.h"
#include "core/store/transaction.h"

namespace switchyard::core {

namespace {

Problem storeProblem(Store::Impl& impl, std::string message) {
    return Problem{impl.db.path(), 0, 0, "", std::move(message)};
}

// Fills the counts of `info` (items, per tag, per task type).
Status fillCounts(Store::Impl& impl, DatasetInfo& info) {
    auto items = Statement::prepare(impl.db, "SELECT count(*) FROM dataset_items WHERE dataset_id = ?1");
    if (!items) return items.problems();
    items->bind(1, info.id);
    if (auto row = items->step(); !row) return row.problems();
    info.items = items->columnInt(0);
    auto tags =
        Statement::prepare(impl.db,
                           "SELECT t.tag, count(*) FROM dataset_item_tags t JOIN dataset_items i ON i.id = t.item_id"
                           " WHERE i.dataset_id = ?1 GROUP BY t.tag ORDER BY t.tag");
    if (!tags) return tags.problems();
    tags->bind(1, info.id);
    for (;;) {
        auto row = tags->step();
        if (!row) return row.problems();
        if (!*row) break;
        info.tagCounts.emplace_back(tags->columnText(0), tags->columnInt(1));
    }
    auto types = Statement::prepare(impl.db,
                                    "SELECT coalesce(task_type, ''), count(*) FROM dataset_items WHERE dataset_id = ?1"
                                    " GROUP BY 1 ORDER BY 1");
    if (!types) return types.problems();
    types->bind(1, info.id);
    for (;;) {
        auto row = types->step();
        if (!row) return row.problems();
        if (!*row) break;
        info.taskTypeCounts.emplace_back(types->columnText(0), types->columnInt(1));
    }
    return Ok{};
}

constexpr const char* kDatasetColumns =
    "SELECT id, name, source, created_at, skipped_lines, checks, synthetic FROM datasets";

Result<std::vector<DatasetInfo>> queryDatasets(Store::Impl& impl, const std::string& where,
                                               const std::function<void(Statement&)>& bind) {
    auto stmt = Statement::prepare(impl.db, std::string(kDatasetColumns) + where + " ORDER BY name");
    if (!stmt) return stmt.problems();
    bind(*stmt);
    std::vector<DatasetInfo> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        DatasetInfo d;
        d.id = stmt->columnInt(0);
        d.name = stmt->columnText(1);
        d.source = stmt->columnText(2);
        d.createdAtMs = stmt->columnInt(3);
        d.skippedLines = stmt->columnInt(4);
        d.checksJson = stmt->columnText(5);
        d.synthetic = stmt->columnInt(6) != 0;
        out.push_back(std::move(d));
    }
    for (auto& d : out)
        if (auto s = fillCounts(impl, d); !s) return s.problems();
    return out;
}

}  // namespace

Result<std::int64_t> Store::createDataset(const NewDataset& dataset) {
    auto stmt = Statement::prepare(m_impl->db,
                                   "INSERT INTO datasets(name, created_at, synthetic, source, skipped_lines, checks)"
                                   " VALUES(?1,?2,?3,?4,?5,?6)");
    if (!stmt) return stmt.problems();
    stmt->bind(1, dataset.name).bind(2, dataset.createdAtMs).bind(3, dataset.synthetic ? 1 : 0);
    stmt->bind(4, dataset.source).bind(5, dataset.skippedLines).bind(6, dataset.checksJson);
    if (auto s = stmt->run(); !s) {
        if (s.problem().message.find("UNIQUE") != std::string::npos)
            return storeProblem(*m_impl,
                                "a dataset named \"" + dataset.name + "\" exists already; choose another name");
        return s.problems();
    }
    return m_impl->db.lastInsertRowId();
}

Result<std::vector<std::int64_t>> Store::addItems(std::int64_t datasetId, std::span<const DatasetItem> items) {
    auto tx = Transaction::begin(m_impl->db);
    if (!tx) return tx.problems();
    auto stmt = Statement::prepare(
        m_impl->db,
        "INSERT INTO dataset_items(dataset_id, item_key, prompt, expected, metadata, request, task_type)"
        " VALUES(?1,?2,?3,?4,?5,?6,?7)");
    if (!stmt) return stmt.problems();
    auto tag = Statement::prepare(m_impl->db, "INSERT OR IGNORE INTO dataset_item_tags(item_id, tag) VALUES(?1,?2)");
    if (!tag) return tag.problems();
    std::vector<std::int64_t> ids;
    ids.reserve(items.size());
    for (const auto& item : items) {
        stmt->bind(1, datasetId).bind(2, item.key, false).bind(3, item.prompt, false);
        stmt->bindOptionalText(4, item.expected).bindOptionalText(5, item.metadataJson);
        stmt->bindOptionalText(6, item.requestJson).bindOptionalText(7, item.taskType);
        if (auto s = stmt->run(); !s) {
            if (s.problem().message.find("UNIQUE") != std::string::npos)
                return storeProblem(*m_impl,
                                    "two items of the dataset have the id \"" + item.key + "\"; nothing was added");
            return s.problems();
        }
        const std::int64_t id = m_impl->db.lastInsertRowId();
        for (const auto& t : item.tags) {
            tag->bind(1, id).bind(2, t, false);
            if (auto s = tag->run(); !s) return s.problems();
        }
        ids.push_back(id);
    }
    if (auto s = tx->commit(); !s) return s.problems();
    return ids;
}

Result<std::vector<DatasetInfo>> Store::datasets() {
    return queryDatasets(*m_impl, "", [](Statement&) {});
}

Result<DatasetInfo> Store::dataset(std::int64_t datasetId) {
    auto found = queryDatasets(*m_impl, " WHERE id = ?1", [&](Statement& s) { s.bind(1, datasetId); });
    if (!found) return found.problems();
    if (found->empty()) return storeProblem(*m_impl, "no dataset with id " + std::to_string(datasetId));
    return std::move(found->front());
}

Result<DatasetInfo> Store::datasetNamed(std::string_view name) {
    auto found = queryDatasets(*m_impl, " WHERE name = ?1", [&](Statement& s) { s.bind(1, name); });
    if (!found) return found.problems();
    if (found->empty())
        return storeProblem(
            *m_impl, "no dataset named \"" + std::string(name) + "\" (`switchyard-cli dataset list` shows them)");
    return std::move(found->front());
}

Result<std::vector<StoredItem>> Store::datasetItems(std::int64_t datasetId) {
    auto stmt = Statement::prepare(
        m_impl->db,
        "SELECT id, item_key, prompt, coalesce(expected, ''), coalesce(metadata, ''), coalesce(request, ''),"
        " coalesce(task_type, '') FROM dataset_items WHERE dataset_id = ?1 ORDER BY id");
    if (!stmt) return stmt.problems();
    stmt->bind(1, datasetId);
    std::vector<StoredItem> out;
    std::map<std::int64_t, std::size_t> indexOf;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        StoredItem s;
        s.id = stmt->columnInt(0);
        s.item.key = stmt->columnText(1);
        s.item.prompt = stmt->columnText(2);
        s.item.expected = stmt->columnText(3);
        s.item.metadataJson = stmt->columnText(4);
        s.item.requestJson = stmt->columnText(5);
        s.item.taskType = stmt->columnText(6);
        indexOf[s.id] = out.size();
        out.push_back(std::move(s));
    }
    auto tags =
        Statement::prepare(m_impl->db,
                           "SELECT t.item_id, t.tag FROM dataset_item_tags t JOIN dataset_items i ON i.id = t.item_id"
                           " WHERE i.dataset_id = ?1 ORDER BY t.item_id, t.tag");
    if (!tags) return tags.problems();
    tags->bind(1, datasetId);
    for (;;) {
        auto row = tags->step();
        if (!row) return row.problems();
        if (!*row) break;
        if (auto it = indexOf.find(tags->columnInt(0)); it != indexOf.end())
            out[it->second].item.tags.push_back(tags->columnText(1));
    }
    return out;
}

Status Store::putEvalConfig(std::int64_t runId, std::string_view configJson) {
    auto stmt = Statement::prepare(m_impl->db, "INSERT OR REPLACE INTO eval_runs(run_id, config) VALUES(?1,?2)");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId).bind(2, configJson);
    return stmt->run();
}

Result<std::string> Store::evalConfig(std::int64_t runId) {
    auto stmt = Statement::prepare(m_impl->db, "SELECT config FROM eval_runs WHERE run_id = ?1");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId);
    auto row = stmt->step();
    if (!row) return row.problems();
    if (!*row) return storeProblem(*m_impl, "run " + std::to_string(runId) + " is not an eval run of this database");
    return stmt->columnText(0);
}

Status Store::reopenRun(std::int64_t runId) {
    auto stmt = Statement::prepare(m_impl->db, "UPDATE runs SET status = 'running', ended_at = NULL WHERE id = ?1");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId);
    return stmt->run();
}

Result<std::vector<std::pair<std::int64_t, std::string>>> Store::finishedEvalPairs(std::int64_t runId) {
    auto stmt = Statement::prepare(m_impl->db,
                                   "SELECT DISTINCT item_id, coalesce(eval_target, '') FROM requests"
                                   " WHERE run_id = ?1 AND item_id IS NOT NULL ORDER BY 1, 2");
    if (!stmt) return stmt.problems();
    stmt->bind(1, runId);
    std::vector<std::pair<std::int64_t, std::string>> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        out.emplace_back(stmt->columnInt(0), stmt->columnText(1));
    }
    return out;
}

}  // namespace switchyard::core
