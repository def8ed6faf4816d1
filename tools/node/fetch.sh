#!/usr/bin/env bash
# Fetches the real node's container runtime (test-support's LocalNode) from Debian's packages:
# containerd (with ctr and containerd-shim-runc-v2), runc, the CNI plugins and a static busybox,
# unpacked with dpkg-deb into $NODE_DIR, not installed: no service starts, nothing under /usr
# changes, and removing $NODE_DIR removes it all. kubelet and kube-scheduler come from
# tools/control-plane/build.sh. It also makes two images offline, as docker-archive tars:
# - images/busybox.tar, from that busybox: the pods' sandbox ("pause") image and a small image for
#   tests, which LocalNode imports into containerd;
# - images/jre.tar, the base of the operator's and the workload's images (-Pimage builds on it):
#   Debian's OpenJDK 17 runtime (headless) with the libraries it links (glibc, libstdc++, libgcc,
#   zlib), a Java trust store made from Debian's ca-certificates (CaCerts.java, with the JDK that
#   runs this script), the user 65532 ("nonroot") and nothing else: no shell, no package manager.
#
# The upstream versions are pinned below; Debian's revision may move (stable gets security fixes
# only). Idempotent: when this script is unchanged since the last fetch, it does nothing. Maven
# runs it from test-support's generate-resources with NODE_DIR from the parent POM's node.dir.
# Where it cannot fetch (not root, or no apt-get) it says so and leaves the node's tests to skip.
set -euo pipefail
cd "$(dirname "$0")"

out="${NODE_DIR:?set NODE_DIR: Maven sets it from node.dir in the parent POM}"
# package=upstream version (epoch and Debian revision aside)
packages=(containerd=1.6.20 runc=1.1.5 containernetworking-plugins=1.1.1 busybox-static=1.35.0)
# The images' base: the JRE and what it links; its tag is the JRE's version.
jre_packages=(openjdk-17-jre-headless=17.0.21.1 libc6=2.36 libgcc-s1=12.2.0 libstdc++6=12.2.0
  zlib1g=1.2.13.dfsg ca-certificates=20250419)
jre_home=/usr/lib/jvm/java-17-openjdk-amd64
# The busybox image's name, under both tags; LocalNode names the same.
image=localhost/busybox:1.35.0
pause=localhost/pause:1.35.0
stamp="$(cat fetch.sh CaCerts.java | sha256sum | cut -c1-16)"

if [[ -f "$out/.stamp" && "$(cat "$out/.stamp")" == "$stamp" ]]; then
  echo "node runtime: fetched in $out"
  exit 0
fi
if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "node runtime: not fetched (this needs root and Debian's apt-get); the real node's tests" \
    "will skip" >&2
  exit 0
fi

start=$SECONDS
mkdir -p "$(dirname "$out")"
tmp="$(mktemp -d "$out.partial.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # apt's download user must write here
apt-get update -qq
(cd "$tmp" && apt-get download -qq "${packages[@]%%=*}" "${jre_packages[@]%%=*}" 2>&1 |
  grep -v unsandboxed || true)
# unpack ROOT PACKAGE=VERSION...: each pinned package's files under ROOT.
unpack() {
  local root="$1" entry deb got
  shift
  for entry in "$@"; do
    deb=("$tmp/${entry%%=*}"_*.deb)
    [[ -f "${deb[0]}" ]] || { echo "node runtime: ${entry%%=*} was not downloaded" >&2; exit 1; }
    got="$(dpkg-deb -f "${deb[0]}" Version | sed -E 's/^[0-9]+://; s/[~+-].*//')"
    if [[ "$got" != "${entry#*=}" ]]; then
      echo "node runtime: Debian serves ${entry%%=*} $got, this script pins ${entry#*=}:" \
        "check the node with it and change the pin" >&2
      exit 1
    fi
    dpkg-deb -x "${deb[0]}" "$root"
  done
}
unpack "$tmp/root" "${packages[@]}"
unpack "$tmp/jre" "${jre_packages[@]}"

mkdir "$tmp/bin"
mv "$tmp"/root/usr/bin/{containerd,containerd-shim-runc-v2,ctr} "$tmp/root/usr/sbin/runc" \
  "$tmp/root/bin/busybox" "$tmp/bin/"
mv "$tmp/root/usr/lib/cni" "$tmp/cni"

# image_tar ROOTFS CONFIG OUT TAG...: ROOTFS as a one-layer docker-archive image, its files
# root-owned and dated 1970 (the same bytes on every machine), CONFIG the image's "config" part.
image_tar() {
  local rootfs="$1" settings="$2" tarfile="$3" work layer config tags
  shift 3
  work="$(mktemp -d "$tmp/image.XXXXXX")"
  tar -C "$rootfs" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
    -cf "$work/layer.tar" .
  layer="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
  printf '{"architecture":"amd64","os":"linux","config":%s,\n "rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}\n' \
    "$settings" "$layer" >"$work/config.json"
  config="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
  mv "$work/config.json" "$work/$config.json"
  mkdir "$work/$layer" && mv "$work/layer.tar" "$work/$layer/"
  tags="$(printf '"%s",' "$@")"
  echo "[{\"Config\":\"$config.json\",\"RepoTags\":[${tags%,}],\"Layers\":[\"$layer/layer.tar\"]}]" \
    >"$work/manifest.json"
  mkdir -p "$(dirname "$tarfile")"
  tar -C "$work" --owner=0 --group=0 --numeric-owner --mtime=@0 \
    -cf "$tarfile" manifest.json "$config.json" "$layer"
  rm -rf "$work"
}

# The busybox image: busybox and a link per applet in /bin; its default command sleeps, as a
# sandbox's must.
rootfs="$tmp/busybox"
mkdir -p "$rootfs"/{bin,dev,etc,proc,sys,tmp}
cp "$tmp/bin/busybox" "$rootfs/bin/"
for applet in $("$rootfs/bin/busybox" --list); do
  [[ -e "$rootfs/bin/$applet" ]] || ln -s busybox "$rootfs/bin/$applet"
done
image_tar "$rootfs" '{"Env":["PATH=/bin"],"Cmd":["sleep","2147483647"],"WorkingDir":"/"}' \
  "$tmp/images/busybox.tar" "$image" "$pause"

# The JRE base: the trust store Debian's ca-certificates-java would make, the nonroot user, a
# world-writable /tmp; no documentation, no compiler symbol table, no certificates as PEM files.
jre="$tmp/jre"
mkdir -p "$jre/etc/ssl/certs/java" "$jre/tmp" && chmod 1777 "$jre/tmp"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" CaCerts.java "$jre/usr/share/ca-certificates" "$jre/etc/ssl/certs/java/cacerts" >/dev/null
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
  >"$jre/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$jre/etc/group"
rm -rf "$jre/usr/share/"{doc,man,lintian,ca-certificates} "$jre/etc/ca-certificates"* "$jre/var" \
  "$jre$jre_home/"{docs,man,lib/ct.sym}
jre_version="${jre_packages[0]#*=}"
image_tar "$jre" "{\"Env\":[\"PATH=$jre_home/bin:/usr/bin:/bin\",\"JAVA_HOME=$jre_home\",\"LANG=C.UTF-8\"],\"User\":\"65532\",\"WorkingDir\":\"/\"}" \
  "$tmp/images/jre.tar" "localhost/purchasestream/jre:$jre_version"
rm -rf "$tmp/root" "$tmp/busybox" "$tmp/jre" "$tmp"/*.deb

echo "$stamp" >"$tmp/.stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "node runtime: fetched in $((SECONDS - start)) s into $out:" \
  "$("$out/bin/containerd" --version | cut -d' ' -f3), runc $("$out/bin/runc" --version | head -1 | cut -d' ' -f3)," \
  "the images' base on OpenJDK $jre_version"
