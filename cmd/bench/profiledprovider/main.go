// Command profiledprovider is the provider with CPU profiling: `bench -cpuprofile DIR` builds it
// in place of the provider. Every provider process Terraform starts writes DIR/cpu-*.pprof when
// Terraform shuts it down; `go tool pprof` merges several files given together.
package main

import (
	"log"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/truto/terraform-provider-truto/internal/provider"
)

// profileDirEnv names the directory the profiles go to; unset, nothing is profiled.
const profileDirEnv = "TRUTO_BENCH_CPUPROFILE_DIR"

func main() {
	if dir := os.Getenv(profileDirEnv); dir != "" {
		f, err := os.CreateTemp(dir, "cpu-*.pprof")
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}
	provider.QuietSDKLogsUnlessWanted(false) // as main.go does
	err := tf6server.Serve(provider.Address, provider.NewServer("bench-profiled"))
	if err != nil {
		log.Print(err)
	}
}
