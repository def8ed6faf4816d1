#!/usr/bin/env bash
# Fetches the real node's container runtime (test-support's LocalNode) from Debian's packages:
# containerd (with ctr and containerd-shim-runc-v2), runc, the CNI plugins and a static busybox,
# unpacked with dpkg-deb into $NODE_DIR, not installed: no service starts, nothing under /usr
# changes, and removing $NODE_DIR removes it all. kubelet and kube-scheduler come from
# tools/control-plane/build.sh. It also makes one image offline, from that busybox: the pods'
# sandbox ("pause") image and a small image for tests, as a docker-archive tar that LocalNode
# imports into containerd.
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
# The one image's name, under both tags; LocalNode names the same.
image=localhost/busybox:1.35.0
pause=localhost/pause:1.35.0
stamp="$(sha256sum fetch.sh | cut -c1-16)"

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
(cd "$tmp" && apt-get download -qq "${packages[@]%%=*}" 2>&1 | grep -v unsandboxed || true)
for entry in "${packages[@]}"; do
  deb=("$tmp/${entry%%=*}"_*.deb)
  [[ -f "${deb[0]}" ]] || { echo "node runtime: ${entry%%=*} was not downloaded" >&2; exit 1; }
  got="$(dpkg-deb -f "${deb[0]}" Version | sed -E 's/^[0-9]+://; s/[~+-].*//')"
  if [[ "$got" != "${entry#*=}" ]]; then
    echo "node runtime: Debian serves ${entry%%=*} $got, this script pins ${entry#*=}:" \
      "check the node with it and change the pin" >&2
    exit 1
  fi
  dpkg-deb -x "${deb[0]}" "$tmp/root"
done

mkdir "$tmp/bin"
mv "$tmp"/root/usr/bin/{containerd,containerd-shim-runc-v2,ctr} "$tmp/root/usr/sbin/runc" \
  "$tmp/root/bin/busybox" "$tmp/bin/"
mv "$tmp/root/usr/lib/cni" "$tmp/cni"

# The image: busybox and a link per applet in /bin, root-owned, dated 1970 (the same bytes on
# every machine); its default command sleeps, as a sandbox's must.
rootfs="$tmp/image/rootfs"
mkdir -p "$rootfs"/{bin,dev,etc,proc,sys,tmp}
cp "$tmp/bin/busybox" "$rootfs/bin/"
for applet in $("$rootfs/bin/busybox" --list); do
  [[ -e "$rootfs/bin/$applet" ]] || ln -s busybox "$rootfs/bin/$applet"
done
tar -C "$rootfs" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
  -cf "$tmp/image/layer.tar" .
layer="$(sha256sum "$tmp/image/layer.tar" | cut -d' ' -f1)"
cat >"$tmp/image/config.json" <<EOF
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/bin"],"Cmd":["sleep","2147483647"],"WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer"]}}
EOF
config="$(sha256sum "$tmp/image/config.json" | cut -d' ' -f1)"
mv "$tmp/image/config.json" "$tmp/image/$config.json"
mkdir "$tmp/image/$layer" && mv "$tmp/image/layer.tar" "$tmp/image/$layer/"
cat >"$tmp/image/manifest.json" <<EOF
[{"Config":"$config.json","RepoTags":["$image","$pause"],"Layers":["$layer/layer.tar"]}]
EOF
mkdir "$tmp/images"
tar -C "$tmp/image" --owner=0 --group=0 --numeric-owner --mtime=@0 \
  -cf "$tmp/images/busybox.tar" manifest.json "$config.json" "$layer"
rm -rf "$tmp/root" "$tmp/image" "$tmp"/*.deb

echo "$stamp" >"$tmp/.stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "node runtime: fetched in $((SECONDS - start)) s into $out:" \
  "$("$out/bin/containerd" --version | cut -d' ' -f3), runc $("$out/bin/runc" --version | head -1 | cut -d' ' -f3)"
