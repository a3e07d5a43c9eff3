package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/harness"
)

// With TF_LOG=trace, the API token appears nowhere: not in the trace log (Terraform's and the
// provider's), not on stdout or stderr, not in the state or any other file Terraform writes, not in
// error messages — for a successful apply and plan, a failing apply, and a rejected token. It is
// checked for a token given through TRUTO_API_TOKEN and through a sensitive variable.
func TestTokenNeverLeaks(t *testing.T) {
	requireE2E(t)
	t.Parallel()
	const ia = "ia-secret"
	token := secret("e2e-SECRET-")
	wrong := secret("e2e-WRONG-")
	emu := startEmulator(t, harness.EmulatorOptions{Token: token, IntegratedAccounts: []string{ia}})

	viaVariable := `
variable "truto_token" {
  type      = string
  sensitive = true
}
`
	cases := []struct {
		name, providerAttrs, extra string
		env                        []string
		wrongEnv                   string
	}{
		{name: "env", wrongEnv: "TRUTO_API_TOKEN=" + wrong},
		{name: "variable", providerAttrs: "  api_token = var.truto_token", extra: viaVariable,
			env: []string{"TF_VAR_truto_token=" + token, "TRUTO_API_TOKEN="}, wrongEnv: "TF_VAR_truto_token=" + wrong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			logPath := filepath.Join(t.TempDir(), "trace.log")
			env := append([]string{"TF_LOG=trace", "TF_LOG_PATH=" + logPath}, tc.env...)
			w := workdir(t, emu, ia, env...)
			var outputs []*harness.Result
			run := func(wantExit int, wd *harness.Workdir, args ...string) *harness.Result {
				t.Helper()
				res := wd.Run(t.Context(), append(args, "-no-color", "-input=false")...)
				outputs = append(outputs, res)
				if res.ExitCode != wantExit {
					t.Fatalf("terraform %s: exit code %d, want %d\n%s\n%s", strings.Join(args, " "), res.ExitCode, wantExit, res.Stdout, res.Stderr)
				}
				return res
			}
			write := func(n int) {
				t.Helper()
				// A contact and a deal too: every kind goes through the same client, logs included.
				others := `
resource "truto_crm_contact" "secret" {
  first_name = "Secret"
  account    = { id = truto_crm_account.a[0].id }
}

resource "truto_crm_opportunity" "secret" {
  name    = "Secret deal"
  contact = [{ id = truto_crm_contact.secret.id }]
}
`
				if err := w.WriteConfig(accountsConfig("secret-"+tc.name, n, tc.providerAttrs) + others + tc.extra); err != nil {
					t.Fatal(err)
				}
			}

			write(3)
			run(0, w, "apply", "-auto-approve")
			run(0, w, "plan", "-detailed-exitcode")

			// A failing apply: the emulator rejects the create as if the token were invalid.
			write(4)
			if err := emu.FailNext(t.Context(), "POST", 401, 1); err != nil {
				t.Fatal(err)
			}
			res := run(1, w, "apply", "-auto-approve")
			if !strings.Contains(res.Stderr, "Failed to create CRM account") || !strings.Contains(res.Stderr, "401") {
				t.Errorf("the failing apply does not explain itself:\n%s", res.Stderr)
			}

			// A wrong token: the refresh is rejected, and the wrong token does not leak either.
			bad := *w
			bad.Env = append(append([]string(nil), w.Env...), tc.wrongEnv)
			res = run(1, &bad, "plan")
			if !strings.Contains(res.Stderr, "401") {
				t.Errorf("the plan with a wrong token does not report the 401:\n%s", res.Stderr)
			}

			trace, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			// The check is only meaningful if the provider's request log is in the trace.
			if !strings.Contains(string(trace), "truto API request") || !strings.Contains(string(trace), "Authorization") {
				t.Fatalf("the trace log (%d bytes) has no provider request lines", len(trace))
			}
			secrets := map[string]string{"token": token, "wrong token": wrong,
				"token's random part": strings.TrimPrefix(token, "e2e-SECRET-")}
			check := func(where, text string) {
				t.Helper()
				for what, s := range secrets {
					if strings.Contains(text, s) {
						i := strings.Index(text, s)
						t.Errorf("the %s appears in %s: ...%s...", what, where, text[max(0, i-200):min(len(text), i+len(s)+50)])
					}
				}
			}
			check("the trace log", string(trace))
			for _, r := range outputs {
				check("stdout of terraform "+strings.Join(r.Args, " "), r.Stdout)
				check("stderr of terraform "+strings.Join(r.Args, " "), r.Stderr)
			}
			err = filepath.WalkDir(w.Dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				check(path, string(data))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
