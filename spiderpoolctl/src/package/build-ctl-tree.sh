#!/bin/sh
# The standalone tree spiderpoolctl runs from:
#   $1 the tree (target/spiderpoolctl)  $2 the module's jar  $3 the launcher template
#   $4 the runtime class path (the module's classes first, then its dependencies' jars)
# bin/spiderpoolctl is the launcher; lib/ holds spiderpoolctl.jar and every dependency's jar.
set -eu
tree=$1 jar=$2 launcher=$3 classpath=$4
rm -rf "$tree"
mkdir -p "$tree/bin" "$tree/lib"
cp "$jar" "$tree/lib/spiderpoolctl.jar"
old_ifs=$IFS
IFS=:
for entry in $classpath; do
  case $entry in *.jar) cp "$entry" "$tree/lib/" ;; esac
done
IFS=$old_ifs
cp "$launcher" "$tree/bin/spiderpoolctl"
chmod 0755 "$tree/bin/spiderpoolctl"
