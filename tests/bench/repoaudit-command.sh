# Sourced by the smaller benchmark scripts: moves to the checkout's root, checks for /usr/bin/time, and sets REPOAUDIT
# to a fresh Release build of this checkout unless the caller named another build (a `dotnet publish` output, say).
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v /usr/bin/time >/dev/null || { echo "$(basename "$0") needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ -z "${REPOAUDIT:-}" ]; then
  dotnet build src/RepoAudit.Cli -c Release -nologo -v q >/dev/null
  REPOAUDIT="dotnet src/RepoAudit.Cli/bin/Release/net10.0/repoaudit.dll"
fi
