# Spoolscope probe: tail-sampling
# The last bytes of text logs: what message templates are counted from, bounded whatever the file's size.
# stdin:  NUL-terminated pairs: a byte budget (digits); a file path (absolute).
# stdout: per file, three NUL-terminated records: the path as given; its size in bytes when read; its last
#         <budget> bytes (tail -c), NUL bytes inside turned into newlines so the record stays one record.
#         A file that cannot be read has an empty size and content (the reason is on stderr).
# The paths reach the inner shell as arguments through xargs, never as shell text; one sh per file.
exec xargs -0 -r -x -n 2 sh -c '
LC_ALL=C
export LC_ALL
case $1 in ""|*[!0-9]*) echo "spoolscope-error: bad-budget" >&2; exit 2 ;; esac
printf "%s\0" "$2"
if [ -f "$2" ] && [ -r "$2" ]; then
  find -H "$2" -maxdepth 0 -printf "%s\0"
  tail -c "$1" -- "$2" | tr "\000" "\n"
else
  echo "cannot read a log file (missing, not a regular file, or no permission)" >&2
  printf "\0"
fi
printf "\0"
' spoolscope-tail-sampling
