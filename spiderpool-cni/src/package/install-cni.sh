#!/bin/sh
# install-cni: puts spiderpool's CNI plugins (spiderpool, coordinator, ifacer) into the host's CNI
# bin directory, atomically and upgrade-safe; the agent image's init container runs it as
#   install-cni --source /opt/spiderpool/cni --target /host/opt/cni/bin
# (copied by the spiderpool-cni build from spiderpool-cni/src/package/install-cni.sh to
# target/cni/install-cni; `install-cni --help` shows every option and the exit statuses).
#
# It runs on the plugin tree's own jlinked runtime, found under SPIDERPOOL_CNI_HOME (default
# /opt/spiderpool/cni, where the agent image keeps the tree), so it needs no JDK of the image.
home=${SPIDERPOOL_CNI_HOME:-/opt/spiderpool/cni}
jvm=$home/spiderpool.jvm
if [ ! -x "$jvm/runtime/bin/java" ]; then
  echo "install-cni: $jvm/runtime/bin/java is missing: set SPIDERPOOL_CNI_HOME to the packaged plugin tree" >&2
  exit 1
fi
# settings from the environment must not change the JVM
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS CLASSPATH
exec "$jvm/runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xms8m -Xmx128m \
  -Xlog:disable -Xlog:all=warning:stderr \
  -cp "$jvm/lib/*" io.spidernet.spiderpool.cni.install.InstallCniMain "$@"
