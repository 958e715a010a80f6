#pragma once
// The store's schema as a list of migrations. PRAGMA user_version is the number of migrations
// applied; PRAGMA application_id marks the file as Switchyard's.

#include <cstdint>

#include "core/common/result.h"
#include "core/store/database.h"

namespace switchyard::core {

inline constexpr std::int32_t kStoreApplicationId = 0x53575944;  // "SWYD"
inline constexpr int kStoreSchemaVersion = 9;

// Applies migrations (from, to], each in its own transaction with its user_version bump, so a
// crash mid-migration leaves the file at the last whole version.
Status migrateSchema(Database& db, int from, int to);

// Registers switchyard_latency_histogram(ms), an aggregate, and switchyard_deciding_rule(rule,
// classifier_label) (core/policy/routekey.h) on the connection (for rebuilds and drill-downs).
Status registerStoreFunctions(Database& db);

// Recomputes the summary tables (route_daily, latency_daily) from the raw rows. The writer keeps
// them current incrementally; this is for migrations and for tests proving the two agree.
// Call inside a transaction.
Status rebuildSummaries(Database& db);

}  // namespace switchyard::core
