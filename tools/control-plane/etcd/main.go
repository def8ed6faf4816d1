// etcd, the version k8s.io/kubernetes v1.34.4 is tested with, as a binary for the control plane.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
