#!/bin/sh
# Builds the standalone tree spiderpoolctl runs from; run by Maven at `package` (spiderpoolctl/pom.xml,
# execution "ctl-tree"; skip it with -Dctl.package.skip=true). The controller image copies it whole.
#
#   OUT/bin/spiderpoolctl    launcher (from spiderpoolctl.sh next to this script)
#   OUT/runtime/             jlinked JDK: the modules jdeps finds, less java.desktop and java.sql
#   OUT/lib/                 spiderpoolctl.jar and its runtime dependencies
#   OUT/local.aot            JDK AOT cache trained here for --version, --help and completion
#                            (AotTraining local): no Netty, gRPC or Jackson classes
#   OUT/remote.aot           the same for every other command (AotTraining remote: pools and subnets
#                            over TLS to a throwaway admin server, unreachable servers)
#
# The AOT cache is only used by the JVM that made it, with the same options and jars, so this script
# trains it with the jlinked runtime, the JVM options below and the launcher's class path.
# Like spiderpool-cni/src/package/build-cni-tree.sh, adapted: C1 rather than the interpreter. Two caches,
# because the JVM loads every class in its cache at start-up: --version would load Netty otherwise.
#
# usage: build-ctl-tree.sh JAVA_HOME OUT_DIR WORK_DIR MODULE_JAR CLASSES_DIR RUNTIME_CLASSPATH
# RUNTIME_CLASSPATH is Maven's runtime class path, in Maven's order; CLASSES_DIR in it stands for
# MODULE_JAR (the AOT cache needs jars, not directories).
set -eu

if [ $# -ne 6 ]; then
  echo "usage: $0 JAVA_HOME OUT_DIR WORK_DIR MODULE_JAR CLASSES_DIR RUNTIME_CLASSPATH" >&2
  exit 2
fi
java_home=$1 out=$2 work=$3 module_jar=$4 classes_dir=$5 runtime_cp=$6
here=$(cd "$(dirname "$0")" && pwd)
main_class=io.spidernet.spiderpool.ctl.Main
training_class=io.spidernet.spiderpool.ctl.AotTraining
case $out in /?*/?*) ;; *) echo "OUT_DIR must be an absolute path two levels deep at least: '$out'" >&2; exit 2 ;; esac

# The JVM options of every run, one per line; the launcher gets exactly these (after -XX:AOTCache),
# and so does the training run.
#   C1 only and Serial GC: a command lives well under a second; the TLS handshake and protobuf
#     parsing of a pools call run hot enough that C1 pays (the interpreter alone is slower there).
#   No hsperfdata file in /tmp per run.
#   A fixed heap range: the default max heap is 1/4 of the machine's memory, and from 128 GiB on that
#     turns compressed oops off, which makes an AOT cache made on a smaller machine unusable.
#     512 MiB holds the largest answer the admin API sends (64 MiB) several times over.
#   JVM messages (e.g. an unusable AOT cache) go to stderr, never to stdout, which carries -o json.
#   Netty's native epoll (the agent's unix socket) and its off-heap buffers, without the JDK's warnings.
jvm_options='-XX:TieredStopAtLevel=1
-XX:+UseSerialGC
-XX:-UsePerfData
-Xss1m
-Xms8m
-Xmx512m
-Xlog:disable
-Xlog:all=warning:stderr
-XX:+DisplayVMOutputToStderr
--enable-native-access=ALL-UNNAMED
--sun-misc-unsafe-memory-access=allow'

say() { echo "[ctl-tree] $*"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
die() { echo "[ctl-tree] ERROR: $*" >&2; exit 1; }

for tool in java jlink jdeps keytool; do
  [ -x "$java_home/bin/$tool" ] || die "$java_home/bin/$tool is missing: build with a full JDK 25 (JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64)"
done
[ -f "$module_jar" ] || die "$module_jar is missing: this runs after the jar is built (phase package)"
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
if [ -z "$feature" ] || [ "$feature" -lt 25 ]; then
  die "$java_home is not a JDK 25 or newer (the AOT cache options are JDK 25's)"
fi

# The jars in Maven's order, this module's jar first (as spiderpoolctl.jar) in place of its classes.
jars=
names=
old_ifs=$IFS
IFS=:
for entry in $runtime_cp; do
  IFS=$old_ifs
  name=${entry##*/}
  if [ "$entry" = "$classes_dir" ]; then entry=$module_jar name=spiderpoolctl.jar; fi
  [ -d "$entry" ] && die "$entry is a directory; the AOT cache needs a class path of jars only (build through phase package)"
  case $entry in *.jar) ;; *) die "$entry is not a jar" ;; esac
  case " $names " in *" $name "*) die "two class path entries are named $name" ;; esac
  names="$names $name"
  jars="$jars$entry $name
"
  IFS=:
done
IFS=$old_ifs

# Up to date when nothing that goes into the tree changed: inputs' sizes and times, the JDK, this
# script and the launcher template.
stamp=$( (cat "$0" "$here/spiderpoolctl.sh" "$java_home/release"
          printf '%s' "$jars" | while read -r jar name; do ls -lL --time-style=+%s.%N "$jar"; done) | cksum)
if [ -f "$work/stamp" ] && [ "$(cat "$work/stamp")" = "$stamp" ] && [ -x "$out/bin/spiderpoolctl" ] \
    && [ -s "$out/local.aot" ] && [ -s "$out/remote.aot" ]; then
  say "up to date: $out"
  exit 0
fi

start=$(ms)
rm -rf "$out" "$work"
mkdir -p "$out/bin" "$out/lib" "$work"

lib_cp=
launcher_cp=
printf '%s' "$jars" | while read -r jar name; do cp -p "$jar" "$out/lib/$name"; done
for name in $names; do
  lib_cp="$lib_cp${lib_cp:+:}$out/lib/$name"
  # one jar per line in the launcher: a backslash-newline inside double quotes joins the lines
  launcher_cp="$launcher_cp${launcher_cp:+\\
:}\$lib/$name"
done

t=$(ms)
# jdeps over the module jar and, transitively, the jars it references; less java.desktop and java.sql,
# which only Jackson's optional java.beans and java.sql support (loaded by name, guarded) and
# snakeyaml's JavaBean mapping (unused: jackson-dataformat-yaml parses only) refer to: 35 MB less, and
# the training runs pools -o json|yaml and the kubeconfig's YAML without them.
modules=$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$feature" \
  --class-path "$lib_cp" "$out/lib/spiderpoolctl.jar" | tr , '\n' | grep -vx 'java.desktop\|java.sql' | paste -sd, -)
say "runtime modules: $modules"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/runtime"
java=$out/runtime/bin/java
steps="jdeps+jlink $(( $(ms) - t )) ms"

# The launcher: the template with the options and class path filled in.
OPTS=$jvm_options CP="\"$launcher_cp\"" MAIN=$main_class awk '
  # literal replacement (gsub would interpret the backslashes of the class path)
  function put(s, from, to,   i) {
    while ((i = index(s, from)) > 0) s = substr(s, 1, i - 1) to substr(s, i + length(from))
    return s
  }
  /^  @JVM_OPTIONS@ \\$/ { n = split(ENVIRON["OPTS"], o, "\n"); for (i = 1; i <= n; i++) print "  " o[i] " \\"; next }
  { print put(put($0, "@CLASSPATH@", ENVIRON["CP"]), "@MAIN_CLASS@", ENVIRON["MAIN"]) }
' "$here/spiderpoolctl.sh" > "$out/bin/spiderpoolctl"
chmod 755 "$out/bin/spiderpoolctl"
grep -q '@[A-Z_]*@' "$out/bin/spiderpoolctl" && die "a placeholder is left in $out/bin/spiderpoolctl"

t=$(ms)
# The training server's key and certificate: an EC key for the name spiderpoolctl checks by default.
"$java_home/bin/keytool" -genkeypair -alias training -keyalg EC -groupname secp256r1 -validity 2 \
  -dname CN=spiderpool-controller.kube-system.svc -ext san=dns:spiderpool-controller.kube-system.svc \
  -keystore "$work/server.p12" -storetype PKCS12 -storepass training > "$work/keytool.log" 2>&1 \
  || { cat "$work/keytool.log" >&2; die "keytool could not make the training server's key"; }
"$java_home/bin/keytool" -exportcert -rfc -alias training -keystore "$work/server.p12" -storepass training \
  -file "$work/ca.crt" >> "$work/keytool.log" 2>&1 || { cat "$work/keytool.log" >&2; die "keytool -exportcert failed"; }

# AOT training, two steps per cache: record what the workload loads and links, then create the
# cache. A clean environment: no KUBECONFIG or proxy settings of the machine that builds.
train() { # cache name (local, remote)
  # shellcheck disable=SC2086 # one option per word
  if ! env -i PATH=/usr/bin:/bin HOME="$work" \
      "$java" $jvm_options -XX:AOTMode=record -XX:AOTConfiguration="$work/$1.aotconf" \
        -cp "$lib_cp" "$training_class" "$work" "$1" > "$work/training-$1.log" 2>&1; then
    cat "$work/training-$1.log" >&2
    die "the AOT training run for $1 failed (log above, also in $work/training-$1.log)"
  fi
  # shellcheck disable=SC2086
  if ! "$java" $jvm_options -XX:AOTMode=create -XX:AOTConfiguration="$work/$1.aotconf" \
        -XX:AOTCache="$out/$1.aot" -cp "$lib_cp" >> "$work/training-$1.log" 2>&1 \
      || [ ! -s "$out/$1.aot" ]; then
    cat "$work/training-$1.log" >&2
    die "creating the AOT cache $1 failed (log above, also in $work/training-$1.log)"
  fi
}
train local
train remote
steps="$steps, AOT training $(( $(ms) - t )) ms"

# The launcher must answer --version with the cache in use: AOTMode=on makes the JVM fail instead of
# falling back when the cache cannot be used.
reply=$(env -i PATH=/usr/bin:/bin SPIDERPOOLCTL_JAVA_OPTIONS=-XX:AOTMode=on "$out/bin/spiderpoolctl" --version 2>"$work/check.err") \
  || { cat "$work/check.err" >&2; die "the launcher failed with its AOT cache local.aot required"; }
case $reply in 'spiderpoolctl '*) ;; *) die "unexpected --version reply from the launcher: $reply" ;; esac
# and a remote command (a usage error: nothing is dialled) with the other cache
status=0
env -i PATH=/usr/bin:/bin SPIDERPOOLCTL_JAVA_OPTIONS=-XX:AOTMode=on "$out/bin/spiderpoolctl" pools --no-such-option \
  > /dev/null 2>"$work/check.err" || status=$?
[ "$status" -eq 2 ] || { cat "$work/check.err" >&2; die "the launcher exited $status (not 2) with its AOT cache remote.aot required"; }

echo "$stamp" > "$work/stamp"
say "$out/bin/spiderpoolctl: runtime $(du -sh "$out/runtime" | cut -f1), lib $(du -sh "$out/lib" | cut -f1)," \
  "AOT caches $(du -sh "$out/local.aot" | cut -f1) + $(du -sh "$out/remote.aot" | cut -f1); built in $(( $(ms) - start )) ms ($steps)"
