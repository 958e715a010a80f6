#pragma once
// Runs the built switchyard-cli (path in SWITCHYARD_CLI) and captures its exit code and output.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

struct CliRun {
    int exitCode = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// `args` is appended to the command line as it is (quote arguments with shellQuote).
inline CliRun runCli(const std::string& args, const std::string& stdinText = "") {
    static int counter = 0;
    const std::string base = "/tmp/switchyard-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    std::string cmd = shellQuote(SWITCHYARD_CLI) + " " + args + " >" + base + ".out 2>" + base + ".err";
    if (!stdinText.empty()) {
        FILE* in = std::fopen((base + ".in").c_str(), "w");
        std::fputs(stdinText.c_str(), in);
        std::fclose(in);
        cmd += " <" + base + ".in";
    } else {
        cmd += " </dev/null";
    }
    CliRun run;
    const int status = std::system(cmd.c_str());
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    auto slurp = [](const std::string& path) {
        std::string text;
        if (FILE* f = std::fopen(path.c_str(), "r")) {
            std::array<char, 4096> buf{};
            size_t n = 0;
            while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) text.append(buf.data(), n);
            std::fclose(f);
        }
        std::remove(path.c_str());
        return text;
    };
    run.out = slurp(base + ".out");
    run.err = slurp(base + ".err");
    std::remove((base + ".in").c_str());
    return run;
}
