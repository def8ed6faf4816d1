#!/usr/bin/env bash
# Builds the Kubernetes control plane the cluster tests and the sandbox run — kube-apiserver,
# kube-controller-manager, kube-scheduler and etcd — the real node's kubelet, and the image
# registry the real node pulls from (CNCF distribution, pinned by ../registry/go.mod, a module of
# its own so that its dependencies and Kubernetes' do not choose each other's versions), from
# source through the Go module proxy (no Docker, no release downloads); the node's container
# runtime comes from tools/node/fetch.sh. Idempotent: when go.mod, go.sum and this
# script are unchanged since the last build, it does nothing. The binaries go outside the
# repository, into $CONTROL_PLANE_DIR, which Maven sets from the parent POM's control-plane.dir
# (test-support runs this script in generate-resources).
set -euo pipefail
cd "$(dirname "$0")"

out="${CONTROL_PLANE_DIR:?set CONTROL_PLANE_DIR: Maven sets it from control-plane.dir in the parent POM}"
version="$(awk '$1 == "k8s.io/kubernetes" { print $2 }' go.mod)"
stamp="$version $(cat go.mod go.sum etcd/main.go build.sh ../registry/go.mod ../registry/go.sum |
  sha256sum | cut -c1-16)"

if [[ -f "$out/.stamp" && "$(cat "$out/.stamp")" == "$stamp" ]]; then
  echo "control plane $version: built in $out"
  exit 0
fi
command -v go >/dev/null || { echo "build.sh needs Go 1.24 or newer (https://go.dev/doc/install)" >&2; exit 1; }

# Version stamps, as the Kubernetes release build sets them: clients and kubectl read them.
numbers="${version#v}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=${numbers%%.*}"
  ldflags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$numbers") -X $pkg.gitTreeState=clean"
done

echo "control plane $version: building kube-apiserver, kube-controller-manager, kube-scheduler," \
  "kubelet, etcd and the registry into" \
  "$out (the first build downloads modules and compiles for several minutes)"
start=$SECONDS
mkdir -p "$(dirname "$out")"
tmp="$(mktemp -d "$out.partial.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler \
  k8s.io/kubernetes/cmd/kubelet \
  ./etcd
(cd ../registry && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/" \
  github.com/distribution/distribution/v3/cmd/registry)
echo "$stamp" > "$tmp/.stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "control plane $version: built in $((SECONDS - start)) s: $("$out/kube-apiserver" --version)"
