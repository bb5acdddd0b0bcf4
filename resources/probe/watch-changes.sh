# Spoolscope probe: watch-changes (the live change feed on a node that has inotifywait, from inotify-tools)
# stdin:  the root, NUL-terminated.
# stdout: the path of each entry under the root that was written, created, deleted or moved, NUL-terminated
#         (raw bytes), until the caller stops it. One inotify watch per directory, as inotifywait -r sets up.
# stderr: "spoolscope-error: no-inotifywait" on a node without it; "spoolscope-error: not-found" for a root
#         that is not a directory; inotifywait's own complaints otherwise (the watch limit).
# The root reaches the inner shell as "$1" through xargs, never as shell text.
exec xargs -0 -r -n 1 sh -c '
if ! command -v inotifywait >/dev/null 2>&1; then echo "spoolscope-error: no-inotifywait" >&2; exit 3; fi
if [ ! -d "$1" ]; then echo "spoolscope-error: not-found" >&2; exit 2; fi
exec inotifywait -m -r -q -e modify,create,delete,move --no-newline --format "%w%f%0" --exclude "/(\\.git|\\.hg|\\.svn|node_modules)(/|\$)" -- "$1"
' spoolscope-watch-changes
