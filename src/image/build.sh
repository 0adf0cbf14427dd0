#!/usr/bin/env bash
# make image: Seamline's JVM service as an OCI image archive, built with no container daemon and no base image (no
# registry is reachable here): a root filesystem assembled from a jlinked Java runtime, the glibc/libstdc++/libgcc
# shared libraries that runtime and the jars' linux-x86_64 native libraries need (found with ldd, copied from this
# Debian host), /etc/passwd and /etc/group with the non-root user seamline (10001), the CA certificates and the
# Quarkus fast-jar with other platforms' native libraries stripped from its jars; packed by ImageTool.java (JDK only).
# Usage: build.sh <java-home> <quarkus-app dir> <archive>
set -euo pipefail
JAVA_HOME=$1 APP=$2 ARCHIVE=$3
HERE=$(cd "$(dirname "$0")" && pwd)
TOOL="$JAVA_HOME/bin/java $HERE/ImageTool.java"
WORK=$(cd "$(dirname "$ARCHIVE")" && pwd)/image
ROOT=$WORK/rootfs
UID_GID=10001
# The modules the service uses (jdeps over every jar in target/quarkus-app, plus what libraries load by name:
# jdk.crypto.cryptoki and jdk.naming.dns for TLS and JNDI lookups, jdk.zipfs for Quarkus, jdk.charsets for
# legacy encodings) and jdk.incubator.vector for jvector and Lucene.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.cryptoki,jdk.incubator.vector,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
JVM_FLAGS=(--add-modules jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
  -Ddisable-axoniq-console-message=true -Djava.awt.headless=true)

command -v ldd >/dev/null || { echo "make image needs ldd (Debian: libc-bin)" >&2; exit 1; }
[ -f /etc/ssl/certs/ca-certificates.crt ] || { echo "make image needs /etc/ssl/certs/ca-certificates.crt (Debian: ca-certificates)" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$ROOT"

echo "image: a Java runtime with $(tr ',' '\n' <<<"$MODULES" | wc -l) modules (jlink)"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$ROOT/opt/java" \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6
# jlink adds no compiler or linker, but be sure: only the launcher and keytool stay in bin. The service is headless
# (java.desktop is there for java.beans): AWT's X11, sound and splash-screen libraries would only pull in X11 and ALSA.
find "$ROOT/opt/java/bin" -type f ! -name java ! -name keytool -delete
rm -f "$ROOT/opt/java/lib/"{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}

echo "image: the service, other platforms' native libraries stripped from its jars"
mkdir -p "$ROOT/app"
cp -r "$APP/." "$ROOT/app/"
$TOOL strip "$ROOT/app"

echo "image: the shared libraries the runtime and the jars' native libraries need (ldd)"
$TOOL natives "$ROOT/app" "$WORK/natives"
export LD_LIBRARY_PATH="$ROOT/opt/java/lib:$ROOT/opt/java/lib/server"
libs=$(find "$ROOT/opt/java" "$WORK/natives" -type f \( -name '*.so' -o -name '*.so_*' -o -name '*!*' -o -path '*/bin/*' \) \
  -exec ldd {} \; 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u)
# (a jar's JNI library may name its companion by SONAME, libonnxruntime.so.1; the Java side loads libonnxruntime.so
# from the same jar first, so a companion found among the natives is not missing)
missing=$(find "$ROOT/opt/java" "$WORK/natives" -type f -exec ldd {} \; 2>/dev/null | awk '/not found/ {print $1}' | sort -u \
  | while read -r so; do ls "$WORK/natives/"*"!${so%%.so*}.so" >/dev/null 2>&1 || echo "$so"; done)
[ -z "$missing" ] || { echo "image: shared libraries not found on this host:"$'\n'"$missing" >&2; exit 1; }
mkdir -p "$ROOT/usr/lib/x86_64-linux-gnu" "$ROOT/usr/lib64"
ln -s usr/lib "$ROOT/lib" && ln -s usr/lib64 "$ROOT/lib64"
for lib in $libs; do
  case "$(readlink -f "$lib")" in "$ROOT"/*) continue ;; esac
  cp -L "$lib" "$ROOT/usr/lib/x86_64-linux-gnu/$(basename "$lib")"
  package=$({ dpkg -S "$lib" || dpkg -S "$(readlink -f "$lib")"; } 2>/dev/null | cut -d: -f1 | head -1)
  echo "  $(basename "$lib") (${package:-not from a Debian package})"
done
ln -sf ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$ROOT/usr/lib64/ld-linux-x86-64.so.2"

echo "image: /etc, the user seamline ($UID_GID), /tmp, the data directory"
mkdir -p "$ROOT/etc/ssl/certs" "$ROOT/tmp" "$ROOT/var/lib/seamline" "$ROOT/home/seamline"
cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nseamline:x:%s:%s:Seamline:/home/seamline:/sbin/nologin\n' $UID_GID $UID_GID > "$ROOT/etc/passwd"
printf 'root:x:0:\nseamline:x:%s:\n' $UID_GID > "$ROOT/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$ROOT/etc/hosts"
chmod 1777 "$ROOT/tmp"
chmod 700 "$ROOT/var/lib/seamline" "$ROOT/home/seamline"
chmod -R u+rwX,go+rX,go-w "$ROOT/app" "$ROOT/opt" "$ROOT/usr" "$ROOT/etc"

echo "image: packing $ARCHIVE"
entry=(--entrypoint /opt/java/bin/java)
for flag in "${JVM_FLAGS[@]}"; do entry+=(--entrypoint "$flag"); done
entry+=(--entrypoint -jar --entrypoint /app/quarkus-run.jar)
epoch=$(git -C "$HERE" log -1 --format=%ct 2>/dev/null || echo 0)
revision=$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo unknown)
$TOOL pack "$ROOT" "$ARCHIVE" --epoch "$epoch" --owner $UID_GID:$UID_GID \
  --owned var/lib/seamline --owned home/seamline \
  --layer runtime=etc,home,lib,lib64,opt,tmp,usr,var \
  --layer libs=app/lib \
  --layer app=app/app,app/quarkus,app/quarkus-run.jar,app/quarkus-app-dependencies.txt \
  "${entry[@]}" \
  --env PATH=/opt/java/bin --env JAVA_HOME=/opt/java --env LANG=C.UTF-8 \
  --env SEAMLINE_DATA_DIR=/var/lib/seamline --env QUARKUS_HTTP_HOST=0.0.0.0 --env SEAMLINE_SEED=none \
  --workdir /var/lib/seamline --port 8080/tcp \
  --label org.opencontainers.image.title=seamline \
  --label org.opencontainers.image.revision="$revision" \
  --label io.seamline.health.live=/q/health/live \
  --label io.seamline.health.ready=/q/health/ready \
  --label io.seamline.requires="external PostgreSQL (SEAMLINE_DATASOURCE_URL) and Kafka (KAFKA_BOOTSTRAP_SERVERS)"
