#!/bin/sh
# spiderpoolctl launcher (copied by the spiderpoolctl build from spiderpoolctl/src/package/;
# edit that template). It runs the program from lib/ next to bin/, with the java found in
# JAVA_HOME, else on PATH. `spiderpoolctl --help` lists the commands; docs/spiderpoolctl.md.
#
# Start-up: C1 only and the serial collector (a command lives well under a second), and a class
# data sharing archive the JDK writes on the first run and maps on later ones
# (SPIDERPOOLCTL_CDS, default ~/.cache/spiderpoolctl/<version-of-the-jar>.jsa; empty turns it off).
# SPIDERPOOLCTL_JAVA_OPTIONS adds JVM options.
self=$0
case $self in */*) ;; *) self=$(command -v -- "$self") ;; esac
while [ -L "$self" ]; do
  link=$(readlink -- "$self") || break
  case $link in /*) self=$link ;; *) self=${self%/*}/$link ;; esac
done
home=${self%/*}/..
lib=$home/lib

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java=$JAVA_HOME/bin/java
else
  java=$(command -v java) || { echo "spiderpoolctl: no java found: set JAVA_HOME or put java (25 or later) on PATH" >&2; exit 5; }
fi

cds=
if [ "${SPIDERPOOLCTL_CDS-unset}" = unset ]; then
  stamp=$(cksum < "$lib/spiderpoolctl.jar" | cut -d' ' -f1)
  dir=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/spiderpoolctl
  if mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; then
    cds="-XX:SharedArchiveFile=$dir/$stamp.jsa -XX:+AutoCreateSharedArchive"
  fi
elif [ -n "$SPIDERPOOLCTL_CDS" ]; then
  cds="-XX:SharedArchiveFile=$SPIDERPOOLCTL_CDS -XX:+AutoCreateSharedArchive"
fi

# shellcheck disable=SC2086 # the option lists are split on purpose
# Netty's native epoll (the agent's unix socket) and its off-heap buffers: allowed without the JDK's warnings
exec "$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -Xshare:auto $cds -Xlog:cds=off -Xlog:cds+dynamic=off \
  ${SPIDERPOOLCTL_JAVA_OPTIONS:-} -cp "$lib/*" io.spidernet.spiderpool.ctl.Main "$@"
