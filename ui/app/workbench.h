#pragma once
// The services every page shares: the document, the command layer that edits it, the live
// costing of its sample traffic, the API keys, the jobs that run engine work off the GUI thread, the item
// models over it, and the questions to the user. A plain bundle of pointers, owned by the main
// window; pages take what they need from it and keep no other route to each other.

namespace switchyard::ui {

class CatalogModel;
class JobRunner;
class KeychainKeySource;
class LiveCosting;
class Navigator;
class SimulatorRun;
class TierModel;
class UserPrompts;
class WorkspaceCommands;
class WorkspaceDocument;

struct Workbench {
    WorkspaceDocument* document = nullptr;
    WorkspaceCommands* commands = nullptr;
    LiveCosting* costing = nullptr;
    JobRunner* jobs = nullptr;
    TierModel* tierModel = nullptr;
    CatalogModel* catalogModel = nullptr;
    UserPrompts* prompts = nullptr;
    Navigator* navigator = nullptr;     // jumps to the page and item a JSON pointer names
    KeychainKeySource* keys = nullptr;  // API keys: the system keychain, then the environment
    SimulatorRun* simulator = nullptr;  // the Simulator's replay of a whole log, and its newest result
};

}  // namespace switchyard::ui
