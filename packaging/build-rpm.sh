# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
## One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
!# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
## One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
B# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
<# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
># One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
1# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
<# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
># One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
w# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
`# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
k# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
`# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
(# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
0# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
)# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
># One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
|# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
|# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
{# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
:# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
># One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
&# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
2# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
;# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
1# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
;# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
}# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
(# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
^# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
\# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
(# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
*# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
\# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
)# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
\# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
1# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
C# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
|# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
1# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
)# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
(# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
k# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
)# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
;# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
(# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
k# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
)# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
E# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
X# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
I# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
T# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
k# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
D# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
E# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
S# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
T# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
D# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
I# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
R# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
># One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
[# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
y# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
y# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
]# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
&# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
&# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
y# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
y# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
*# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
[# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
]# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
&# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
&# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
=# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
%# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
(# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
)# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
*# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
b# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
q# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
_# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
_# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
v# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
\# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
_# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
_# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
_# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
l# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
k# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
u# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
h# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
s# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
d# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
$# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
o# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
R# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
P# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
M# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
S# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
"# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
*# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
.# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
m# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
x# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
c# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
{# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
}# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
\# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
;# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
-# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
p# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
i# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
 # One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
a# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
r# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
g# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
e# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
t# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
/# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
%# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
f# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
\# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
n# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
'# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"

# One line per file: rpm takes a single path (or glob) per line, and %config must name each file.
filelist="$top/files.list"
{
    echo /usr/lib/ocf/resource.d/rustha
    (cd "$stage" && find usr/share/man/man8 etc/ha.d/resource.d usr/lib/systemd/system -type f 2>/dev/null | sed 's|^|/|')
    [ -d "$stage/etc/rustha" ] && (cd "$stage" && find etc/rustha -type f | sed 's|^|%config(noreplace) /|')
} | sort >"$filelist"
