#include "ui/services/comparerunner.h"

#include <QCoreApplication>
#include <QDir>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "core/common/clock.h"
#include "core/policy/policy.h"
#include "core/providers/calltimeouts.h"
#include "core/providers/execute.h"
#include "core/providers/keysource.h"
#include "core/store/comparehistory.h"
#include "core/store/routerecord.h"
#include "core/store/store.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/services/resolvedkeys.h"

namespace switchyard::ui {

namespace {

constexpr int kFrameMs = 16;

// FNV-1a-64 of the workspace's canonical text, so runs on edited workspaces can be told apart.
std::string contentHash(const std::string& text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return QString::number(h, 16).rightJustified(16, QLatin1Char('0')).toStdString();
}

// The request metadata as the store keeps it: a JSON object of strings.
std::string metadataJson(const core::Request& request) {
    nlohmann::json meta = nlohmann::json::object();
    if (!request.endpoint.empty()) meta["endpoint"] = request.endpoint;
    if (!request.userPlan.empty()) meta["user_plan"] = request.userPlan;
    if (!request.taskType.empty()) meta["task_type"] = request.taskType;
    for (const auto& [key, value] : request.metadata) meta[key] = value;
    return meta.dump();
}

core::Result<core::RouteExecution> execute(const core::Workspace& workspace, core::ProviderClient& client,
                                           const core::Request& request, const CompareTarget& target,
                                           core::ExecuteOptions options) {
    switch (target.kind) {
        case CompareTarget::Kind::Policy: {
            auto policy = core::Policy::compile(workspace);
            if (!policy) return policy.problems();
            core::connectLlmClassifier(*policy, client);
            options.escalateOnErrors = false;  // the policy's fallbacks are for errors, its cascade for weak answers
            return core::executeRoute(*policy, client, request, options);
        }
        case CompareTarget::Kind::Tier:
            return core::executePlan(client, workspace, request,
                                     core::planForTier(workspace, target.name.toStdString()), options);
        case CompareTarget::Kind::Model:
            return core::executePlan(client, workspace, request, core::TierPlan{"", {target.name.toStdString()}},
                                     options);
    }
    return core::Problem{"", 0, 0, "", "unknown column target"};
}

// A column's execution with the user's checks on its answer, run on the column's worker.
struct ColumnOutcome {
    core::RouteExecution run;
    std::vector<core::CheckRecord> checks;
};

}  // namespace

core::Request columnRequest(const CompareSetup& setup, int column) {
    const auto index = static_cast<size_t>(column);
    if (index >= setup.systemOverrides.size() || !setup.systemOverrides[index]) return setup.request;
    core::Request r = setup.request;
    std::erase_if(r.messages, [](const core::Message& m) { return m.role == "system"; });
    if (!setup.systemOverrides[index]->empty())
        r.messages.insert(r.messages.begin(), core::Message{"system", *setup.systemOverrides[index]});
    return r;
}

struct CompareRunner::Context {
    ResolvedKeys keys;
    std::unique_ptr<core::ProviderClient> client;  // after the keys it reads: destroyed first
    std::atomic<bool> stop{false};
};

CompareRunner::CompareRunner(const core::KeySource* keys, QObject* parent)
    : QObject(parent), m_keys(keys), m_jobs(new JobRunner(this, kMaxCompareColumns + 1)) {
    m_frame.setSingleShot(true);
    m_frame.setTimerType(Qt::PreciseTimer);
    connect(&m_frame, &QTimer::timeout, this, &CompareRunner::flush);
    m_sinceFlush.start();
    // Text arrived in an empty buffer: flush now, or when a frame has passed since the last flush.
    m_buffer->setWake([this] { QMetaObject::invokeMethod(this, &CompareRunner::scheduleFlush, Qt::QueuedConnection); });
}

CompareRunner::~CompareRunner() {
    m_buffer->setWake({});
    cancel();
    delete m_jobs;  // waits for the columns' workers while this object is whole
}

const core::RouteExecution* CompareRunner::result(int column) const {
    if (column < 0 || column >= static_cast<int>(m_results.size()) || !m_results[static_cast<size_t>(column)])
        return nullptr;
    return &*m_results[static_cast<size_t>(column)];
}

const std::vector<core::CheckRecord>& CompareRunner::checks(int column) const {
    static const std::vector<core::CheckRecord> none;
    return column >= 0 && column < static_cast<int>(m_checks.size()) ? m_checks[static_cast<size_t>(column)] : none;
}

QString CompareRunner::failure(int column) const {
    return column >= 0 && column < static_cast<int>(m_failures.size()) ? m_failures[static_cast<size_t>(column)]
                                                                       : QString();
}

bool CompareRunner::run(const CompareSetup& setup, std::vector<int> columns) {
    if (isRunning() || !setup.workspace) return false;
    const int count = static_cast<int>(setup.targets.size());
    if (columns.empty())
        for (int i = 0; i < count; ++i) columns.push_back(i);
    // Results of columns not run again stay, as long as the columns are the same.
    if (setup.targets != m_setup.targets || static_cast<int>(m_results.size()) != count) {
        m_results.assign(static_cast<size_t>(count), std::nullopt);
        m_checks.assign(static_cast<size_t>(count), {});
        m_failures.assign(static_cast<size_t>(count), QString());
        m_generation.assign(static_cast<size_t>(count), 0);
    }
    m_setup = setup;

    auto context = std::make_shared<Context>();
    core::EnvKeySource environment;
    const core::KeySource& source = m_keys ? *m_keys : static_cast<const core::KeySource&>(environment);
    for (const core::ProviderConfig& provider : setup.workspace->providers) context->keys.resolve(source, provider);
    core::ProviderClient::Options options;
    if (setup.simulateWith) {
        options.simulateWith = setup.simulateWith;
        context->keys.resolve(source, *setup.simulateWith);
    }
    context->client = std::make_unique<core::ProviderClient>(context->keys, options);
    core::applyProviderLimits(*context->client, *setup.workspace);
    m_context = context;
    (void)m_buffer->take();  // text of an earlier run still on its way
    m_runColumns = columns;

    for (const int column : columns) {
        const auto index = static_cast<size_t>(column);
        const std::uint64_t generation = m_nextGeneration++;
        m_generation[index] = generation;
        m_results[index].reset();
        m_checks[index].clear();
        m_failures[index].clear();
        ++m_running;
        core::ExecuteOptions execute;
        execute.stream = true;
        execute.stop = &context->stop;
        core::limitWholeCall(execute.timeouts, setup.timeout);
        execute.timeouts.idle = setup.idleTimeout;
        execute.onText = [buffer = m_buffer, column, generation](std::size_t attempt, std::string_view delta) {
            buffer->append(column, generation, attempt, delta);
        };
        execute.onThinking = [buffer = m_buffer, column, generation](std::size_t attempt, std::string_view delta) {
            buffer->append(column, generation, attempt, delta, true);
        };
        const std::shared_ptr<const core::Workspace> workspace = setup.workspace;
        const core::Request request = columnRequest(setup, column);
        const CompareTarget target = setup.targets[index];
        Job* job = m_jobs->start<ColumnOutcome>(
            tr("Compare: %1").arg(target.label()),
            [context, workspace, request, target, execute, checks = setup.checks,
             reference = setup.reference](JobControl&) -> core::Result<ColumnOutcome> {
                auto run = switchyard::ui::execute(*workspace, *context->client, request, target, execute);
                if (!run) return run.problems();
                ColumnOutcome out{std::move(*run), {}};
                if (const core::CallResult* answer = out.run.final())
                    out.checks = core::runEvalChecks(checks, reference, answer->text);
                return out;
            },
            [this, column, generation](ColumnOutcome& outcome) {
                if (m_generation[static_cast<size_t>(column)] != generation) return;
                m_results[static_cast<size_t>(column)] = std::move(outcome.run);
                m_checks[static_cast<size_t>(column)] = std::move(outcome.checks);
            });
        connect(job, &Job::failed, this, [this, column, generation](const core::Problems& problems) {
            if (m_generation[static_cast<size_t>(column)] != generation) return;
            QStringList lines;
            for (const core::Problem& p : problems) lines << QString::fromStdString(p.message);
            m_failures[static_cast<size_t>(column)] = lines.join(QLatin1Char('\n'));
        });
        connect(job, &Job::ended, this, [this, column] { columnDone(column); });
        emit columnStarted(column);
    }
    return true;
}

void CompareRunner::cancel() {
    if (!m_context) return;
    m_context->stop.store(true);
    m_context->client->cancelAll();
}

void CompareRunner::scheduleFlush() {
    if (m_frame.isActive()) return;
    const qint64 since = m_sinceFlush.elapsed();
    if (since >= kFrameMs)
        flush();
    else
        m_frame.start(static_cast<int>(kFrameMs - since));
}

void CompareRunner::flush() {
    m_frame.stop();
    m_sinceFlush.restart();
    for (StreamBuffer::Chunk& chunk : m_buffer->take()) {
        const auto index = static_cast<size_t>(chunk.column);
        if (index >= m_generation.size() || m_generation[index] != chunk.generation) continue;
        const qint64 arrived =
            std::chrono::duration_cast<std::chrono::nanoseconds>(chunk.firstArrived.time_since_epoch()).count();
        if (chunk.thinking)
            emit thinkingArrived(chunk.column, static_cast<int>(chunk.attempt), QString::fromStdString(chunk.text));
        else
            emit textArrived(chunk.column, static_cast<int>(chunk.attempt), QString::fromStdString(chunk.text),
                             arrived);
    }
}

void CompareRunner::columnDone(int column) {
    flush();
    --m_running;
    emit columnFinished(column);
    if (m_running > 0) return;
    emit finished();
    record(m_runColumns);
}

void CompareRunner::record(const std::vector<int>& columns) {
    m_record.reset();
    if (m_setup.database.empty()) {
        m_recordNote = tr("Not recorded: save the workspace first (its run database sits beside the file).");
        emit recorded();
        return;
    }
    struct Row {
        int column;
        core::RouteExecution run;
        core::CompareColumnInfo info;
        std::vector<core::CheckRecord> checks;
    };
    std::vector<Row> rows;
    for (const int column : columns)
        if (const core::RouteExecution* run = result(column); run && !run->attempts.empty()) {
            const auto index = static_cast<size_t>(column);
            core::CompareColumnInfo info;
            info.position = column;
            if (index < m_setup.shownPositions.size()) info.shownPosition = m_setup.shownPositions[index];
            info.target = m_setup.targets[index].key().toStdString();
            info.request = m_setup.request;
            if (index < m_setup.systemOverrides.size()) info.systemOverride = m_setup.systemOverrides[index];
            info.checks = core::evalChecksToJson(m_setup.checks);
            info.reference = m_setup.reference.expected;
            rows.push_back({column, *run, std::move(info), checks(column)});
        }
    if (rows.empty()) {
        m_recordNote = tr("Not recorded: no column made a call.");
        emit recorded();
        return;
    }
    m_recording = true;
    const std::filesystem::path database = m_setup.database;
    const std::shared_ptr<const core::Workspace> workspace = m_setup.workspace;
    const std::string prompt(m_setup.request.lastUserText());
    const std::string metadata = metadataJson(m_setup.request);
    const bool cancelled = m_context && m_context->stop.load();
    const bool simulated = m_setup.simulateWith.has_value();
    Job* job = m_jobs->start<CompareRecord>(
        tr("Record the comparison"),
        [database, workspace, prompt, metadata, rows, cancelled,
         simulated](JobControl&) -> core::Result<CompareRecord> {
            auto store = core::Store::open(database);
            if (!store) return store.problems();
            const std::int64_t started = core::nowUnixMs();
            core::NewRun newRun;
            newRun.kind = core::RunKind::Compare;
            newRun.name = "compare";
            newRun.workspaceVersion = std::to_string(core::kWorkspaceVersion);
            newRun.workspaceHash = contentHash(core::workspaceToText(*workspace));
            newRun.startedAtMs = started;
            newRun.simulated = simulated;
            auto runId = store->createRun(newRun);
            if (!runId) return runId.problems();
            CompareRecord record;
            record.runId = *runId;
            bool anyAnswer = false;
            for (const Row& row : rows) {
                core::RouteRecordContext context;
                context.runId = *runId;
                context.createdAtMs = started;
                context.prompt = prompt;
                context.metadataJson = metadata;
                context.baselineCost = core::baselineCostOf(*workspace, row.run);
                context.answerChecks = row.checks;
                auto inserted = core::recordRouteExecution(*store, row.run, std::move(context));
                if (!inserted) return inserted.problems();
                if (core::Status s = core::recordCompareColumn(*store, inserted->requestId, row.info, row.run); !s)
                    return s.problems();
                record.columns.push_back(row.column);
                record.requestIds.push_back(inserted->requestId);
                record.responseIds.push_back(inserted->responseIds);
                anyAnswer = anyAnswer || row.run.ok();
            }
            const core::RunStatus status = cancelled   ? core::RunStatus::Cancelled
                                           : anyAnswer ? core::RunStatus::Finished
                                                       : core::RunStatus::Failed;
            if (core::Status s = store->finishRun(*runId, status, core::nowUnixMs()); !s) return s.problems();
            return record;
        },
        [this, database](CompareRecord& record) {
            m_record = record;
            m_recordNote =
                tr("Recorded as run %1 in %2")
                    .arg(record.runId)
                    .arg(formatPathForDisplay(QString::fromStdU16String(database.u16string()), QDir::homePath()));
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_recordNote = tr("Not recorded: %1").arg(QString::fromStdString(problems.front().toString()));
    });
    connect(job, &Job::ended, this, [this] {
        m_recording = false;
        emit recorded();
    });
}

}  // namespace switchyard::ui
