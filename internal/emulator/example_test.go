package emulator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// An acceptance test mounts the emulator on httptest and points the client
// at ts.URL; the Go control surface looks behind the API.
func Example() {
	emu := emulator.New(emulator.Options{
		Token: "test-token",
		Accounts: []emulator.IntegratedAccount{{
			ID:      "acct-1",
			Profile: emulator.Profile{Integration: "hubspot", RequiredCreateFields: []string{"name"}},
		}},
		Seed: 1,
	})
	ts := httptest.NewServer(emu)
	defer ts.Close()

	req, _ := http.NewRequest("POST", ts.URL+"/unified/crm/accounts?integrated_account_id=acct-1",
		strings.NewReader(`{"name":"Acme","website":"https://acme.example"}`))
	req.Header.Set("Authorization", "Bearer test-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	recs := emu.Records("acct-1")
	fmt.Println(resp.StatusCode, len(recs), recs[0]["name"], emu.RequestCount("POST"))

	// Delete it behind the client's back: the next read is the CRM's 404.
	id, _ := recs[0]["id"].(string)
	emu.Remove("acct-1", id)
	fmt.Println(len(emu.Records("acct-1")))
	// Output:
	// 201 1 Acme 1
	// 0
}
