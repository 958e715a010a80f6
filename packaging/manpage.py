#!/usr/bin/env python3
"""Writes a man page (roff) for one of Switchyard's programs from the program's own --help.

The page is made at build time from the binary just built, so it lists exactly the commands and
options the program accepts. switchyard-cli and switchyard-mock print CLI11's help; every
subcommand of switchyard-cli (and theirs, recursively) becomes a section of its own. The GUI
prints QCommandLineParser's help. Usage:

    manpage.py PROGRAM_BINARY NAME VERSION SECTIONS_FILE OUTPUT     (writes OUTPUT and OUTPUT.gz)

SECTIONS_FILE holds the hand-written prose (DESCRIPTION, EXIT STATUS, FILES, ...) as
'== TITLE' headed blocks in plain roff; it never lists options or commands.
"""
import gzip
import os
import re
import subprocess
import sys


def run_help(binary, args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COLUMNS="200")
    env.pop("SWITCHYARD_RESOURCES", None)
    done = subprocess.run([binary, *args, "--help"], capture_output=True, text=True, env=env, timeout=60)
    if done.returncode != 0:
        sys.exit(f"manpage.py: '{binary} {' '.join(args)} --help' exited with {done.returncode}: {done.stderr}")
    return done.stdout


def parse_help(text):
    """Splits --help output into a leading description, the usage line and its sections.

    Both CLI11 and QCommandLineParser print 'Title:' lines at column 0 and items indented by
    two spaces, with the item's description after two or more spaces or on indented lines below.
    """
    description, usage, sections, current = [], "", [], None
    for line in text.splitlines():
        if line.startswith("Usage:"):
            usage = line[len("Usage:"):].strip()
        elif re.fullmatch(r"[A-Z][A-Za-z ]*:", line):
            current = (line[:-1], [])
            sections.append(current)
        elif current is None:
            if line.strip():
                description.append(line.strip())
        elif re.match(r"  \S", line):
            parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            term, desc = parts[0], parts[1] if len(parts) > 1 else ""
            current[1].append([term.strip(), desc.strip()])
        elif line.strip() and current[1]:
            current[1][-1][1] = (current[1][-1][1] + " " + line.strip()).strip()
    return " ".join(description), usage, sections


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def items(entries):
    out = []
    for term, desc in entries:
        out += [".TP", "\\fB" + roff(term) + "\\fR", roff(desc) if desc else ""]
    return out


def command_sections(binary, name, path):
    """The roff for one subcommand of a CLI11 program and, after it, its own subcommands."""
    description, usage, sections = parse_help(run_help(binary, path))
    out = [f".SS {roff(' '.join(path))}", roff(description), ".PP", "\\fBUsage:\\fR " + roff(usage.replace(binary, name))]
    nested = []
    for title, entries in sections:
        if title == "Subcommands":
            nested = [term.split()[0] for term, _ in entries]
            out += [".PP", "\\fBSubcommands:\\fR " + ", ".join("\\fB" + roff(n) + "\\fR" for n in nested) + "."]
            continue
        out += [".PP", f"\\fI{roff(title)}:\\fR", ".RS 4"] + items(entries) + [".RE"]
    for child in nested:
        out += command_sections(binary, name, path + [child])
    return out


def read_prose(path):
    blocks, title = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith("== "):
                title = line[3:].strip()
                blocks[title] = []
            elif title is not None:
                blocks[title].append(line)
    return {k: "\n".join(v).strip() for k, v in blocks.items()}


def main():
    binary, name, version, prose_path, output = sys.argv[1:6]
    prose = read_prose(prose_path)
    description, usage, sections = parse_help(run_help(binary, []))
    usage = re.sub(r"^\S*" + re.escape(os.path.basename(binary)), name, usage)
    out = [f'.TH {name.upper()} 1 "" "Switchyard {version}" "User Commands"',
           ".SH NAME", f"{roff(name)} \\- {roff(prose.pop('NAME'))}",
           ".SH SYNOPSIS", "\\fB" + roff(name) + "\\fR " + roff(usage[len(name):].strip()),
           ".SH DESCRIPTION", roff(description), ".PP", prose.pop("DESCRIPTION", "")]
    subcommands = []
    for title, entries in sections:
        if title == "Subcommands":
            subcommands = [term.split()[0] for term, _ in entries]
            continue
        out += [f".SH {roff(title.upper())}"] + items(entries)
    if subcommands:
        out += [".SH COMMANDS", "Each command has its own options; \\fB" + roff(name) + " \\fICOMMAND\\fB \\-\\-help\\fR prints them too."]
        for command in subcommands:
            out += command_sections(binary, name, [command])
    for title, text in prose.items():
        out += [f".SH {title}", text]
    page = "\n".join(line for line in out if line != "") + "\n"
    with open(output + ".part", "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(output + ".part", output)
    # Debian installs man pages compressed; mtime 0 keeps the .gz the same for the same page.
    with open(output + ".gz.part", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as f:
            f.write(page.encode("utf-8"))
    os.replace(output + ".gz.part", output + ".gz")


if __name__ == "__main__":
    main()
