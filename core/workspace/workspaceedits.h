#pragma once
// Edits of a workspace as pure functions: each one either applies completely and returns Ok, or
// leaves the workspace exactly as it was and returns the problems that prevent it. A problem's
// `pointer` is a JSON pointer into the workspace (e.g. /policy/rules/3/then/tier, /tiers/1/name)
// so a GUI can show the message at the field; `message` is a sentence a user understands; line
// and column are 0 (the edit is not in a file yet).
//
// Every edit ends with the same validation that loading a workspace file runs (parseWorkspace
// on the canonical text), so an edit can never produce a workspace that would not load again:
// a rule is checked by the code that reads rules from JSON (missing tiers and models, split
// weights, RE2's own message for a bad regex, a rule that can never match), a model by the
// catalog's reader, a provider by the check that refuses a literal API key. Before that, each
// edit checks what is particular to it (an index out of range, a tier still in use) and says so
// in its own words. Problems that the workspace already had before the edit do not refuse it.
//
// Index conventions (the GUI's row numbers):
// - A tier's models are numbered by slot: slot 0 is the primary, slot k is fallbacks[k-1], as in
//   ui::TierModel's rows.
// - Inserting at `index` puts the new item before the item now at `index`; index == size appends.
// - Moves take QAbstractItemModel::beginMoveRows's destination: `to` is the position *before the
//   move* in front of which the item lands, from 0 to size. Within one list, to == from and
//   to == from + 1 leave the order as it is (Ok, nothing changes); moving item 0 of [a, b, c] to
//   the end is moveRule(ws, 0, 3) and gives [b, c, a]. Between two tiers `toSlot` is simply the
//   slot in the target tier (0..its model count).

#include <cstddef>
#include <string>
#include <string_view>

#include "core/catalog/catalogmerge.h"
#include "core/common/result.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

// --- Tiers -------------------------------------------------------------------------------------
// The tier's name must be new and its models in the catalog.
Status addTier(Workspace& ws, size_t index, Tier tier);
// Refused while a rule, policy.default_tier, a classifier label, the cascade or a prompt
// adaptation names the tier (the message names each of them), and for the last tier.
Status removeTier(Workspace& ws, size_t index);
// Removes the tier and points what named it at `targetTier` instead: rule actions, the default
// tier, classifier labels. Its cascade settings and prompt adaptation move to the target when the
// target has none of its own, and are dropped when it has.
Status removeTierRetargeting(Workspace& ws, size_t index, std::string_view targetTier);
// Renames the tier and every reference to it: rule actions, policy.default_tier, classifier
// label -> tier maps, cascade tiers, prompt adaptations. Refuses an empty or taken name.
Status renameTier(Workspace& ws, size_t index, std::string newName);
Status setTierDescription(Workspace& ws, size_t index, std::string description);
// Tiers are in escalation order (cheapest first), so this changes where escalation goes.
Status moveTier(Workspace& ws, size_t from, size_t to);

// --- Models in tiers ---------------------------------------------------------------------------
// slot 0 makes `modelId` the primary and the old primary the first fallback. Refuses an id not
// in the catalog and a model the tier already has.
Status insertTierModel(Workspace& ws, size_t tier, size_t slot, std::string modelId);
// Removing the primary promotes the first fallback. Refuses removing a tier's only model.
Status removeTierModel(Workspace& ws, size_t tier, size_t slot);
// Within one tier (fromTier == toTier) toSlot follows the move convention above; between tiers it
// is the slot in the target tier. Refuses a model the target tier already has and leaving the
// source tier without a model.
Status moveTierModel(Workspace& ws, size_t fromTier, size_t fromSlot, size_t toTier, size_t toSlot);

// --- Rules -------------------------------------------------------------------------------------
Status insertRule(Workspace& ws, size_t index, Rule rule);
Status removeRule(Workspace& ws, size_t index);
Status moveRule(Workspace& ws, size_t from, size_t to);
Status replaceRule(Workspace& ws, size_t index, Rule rule);
// Inserts a copy after the rule, named "<name>-copy" (or "-copy-2", ...: rule names are unique).
// The copy of an enabled rule that matches every request is disabled, as enabled it could never
// match.
Status duplicateRule(Workspace& ws, size_t index);
Status setRuleEnabled(Workspace& ws, size_t index, bool enabled);
// What replaceRule(ws, index, rule) would refuse, without changing anything (for a rule form
// that validates before it applies).
Problems validateRule(const Workspace& ws, size_t index, const Rule& rule);

// --- Policy settings ---------------------------------------------------------------------------
Status setConfidenceThreshold(Workspace& ws, double threshold);  // 0..1
Status setDefaultTier(Workspace& ws, std::string tier);
Status setClassifier(Workspace& ws, ClassifierConfig classifier);
// Replaces the cascade settings of cascade.tier, or adds them when the tier has none yet.
Status setCascadeTier(Workspace& ws, CascadeTier cascade);
Status removeCascadeTier(Workspace& ws, std::string_view tier);
Status setMaxEscalations(Workspace& ws, int maxEscalations);  // 0..10
Status setContextGuard(Workspace& ws, ContextGuardConfig guard);

// --- Simulation settings -----------------------------------------------------------------------
// The sample log and its limit (> 0), the monthly volume (>= 0), carry-over, budget (>= 0).
Status setSimulationSettings(Workspace& ws, SimulationSettings settings);
// The model savings are measured against; empty: the top tier's primary. Refused for a model
// the catalog lacks.
Status setBaselineModel(Workspace& ws, std::string modelId);
// The savings levers beyond routing (prompt caching, batch, output cap), with the ranges the
// workspace reader allows: hit rate 0..1, a prefix of 0..10,000,000 tokens, a cap of >= 1 token.
Status setLevers(Workspace& ws, LeverConfig levers);

// --- Catalog -----------------------------------------------------------------------------------
// Prices cannot be negative, the context window must hold max output, ids are unique.
Status insertCatalogModel(Workspace& ws, size_t index, Model model);
// A changed id renames the model everywhere the workspace names it (tiers, rule actions and
// splits, providers' model lists, prompt adaptations, latency profiles, the LLM classifier's
// model, the baseline model), so the edit never leaves a dangling reference. Refused when the new
// id is taken.
Status replaceCatalogModel(Workspace& ws, size_t index, Model model);
// Refused while tiers, rules, providers or other policy settings use the model (naming them).
Status removeCatalogModel(Workspace& ws, size_t index);
// Inserts a copy after the model with the id "<id>-copy" (or "-copy-2", ...), served by no provider.
Status duplicateCatalogModel(Workspace& ws, size_t index);
// Applies an import plan (core/catalog/catalogmerge.h) made from this workspace's catalog: the
// changed models are replaced and the new ones appended, all or nothing. Refused when the
// catalog has changed since the plan was made (a model it replaces is no longer where it was).
Status mergeCatalog(Workspace& ws, const CatalogMerge& merge);

// --- Providers ---------------------------------------------------------------------------------
// A literal API key in "key_env" or "keychain" is refused (only names of where keys live).
Status insertProvider(Workspace& ws, size_t index, ProviderConfig provider);
// Refused while the embedding classifier uses the provider.
Status removeProvider(Workspace& ws, size_t index);
// A changed name is also changed in the embedding classifier's provider.
Status replaceProvider(Workspace& ws, size_t index, ProviderConfig provider);

// --- Single fields -----------------------------------------------------------------------------
// RE2's verdict on a pattern, for a regex field validated on every keystroke: empty when it
// compiles, else one problem whose message carries RE2's own error text.
Problems validateRegex(std::string_view pattern);

}  // namespace switchyard::core
