package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// The provider turns the plugin SDK's logging off when Terraform would discard it (neither TF_LOG
// nor TF_LOG_PROVIDER set). Whenever the user asks for provider logs, they must still arrive.
func TestProviderLogsReachTerraform(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-logs"
	emu := startEmulator(t, harness.EmulatorOptions{IntegratedAccounts: []string{ia}})
	for _, env := range []string{"TF_LOG=debug", "TF_LOG_PROVIDER=debug"} {
		t.Run(env, func(t *testing.T) {
			logPath := filepath.Join(t.TempDir(), "terraform.log")
			w := workdir(t, emu, ia, env, "TF_LOG_PATH="+logPath)
			if err := w.WriteConfig(accountsConfig("logs-"+strings.ToLower(env[:len(env)-6]), 2, "")); err != nil {
				t.Fatal(err)
			}
			mustApply(t, w)
			data, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"truto API request", "created CRM account"} {
				if !strings.Contains(string(data), want) {
					t.Errorf("with %s the log (%d bytes) lacks the provider's %q lines", env, len(data), want)
				}
			}
		})
	}
}
