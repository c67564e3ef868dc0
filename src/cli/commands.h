// One function per `herald` command. Each registers its subcommand (flags and
// --help text) on the app; when chosen, its callback stores the exit status.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/environment.h"

namespace herald::cli {

void AddRunCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddServeCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddWorkerCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddIngestCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddExtractCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddFeedCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddSourcesCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddArticlesCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddDemoNewsroomCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddStoriesCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddJobsCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddReprocessCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
// Operations (ops_cmd.cc).
void AddBackupCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddRestoreCommand(CLI::App& app, const CommonOptions& common, int* exit_status);
void AddDoctorCommand(CLI::App& app, const CommonOptions& common, int* exit_status);

}  // namespace herald::cli
