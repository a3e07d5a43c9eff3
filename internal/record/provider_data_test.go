package record

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/truto/terraform-provider-truto/internal/truto"
)

// Only a meta of batch-delete that describes a method turns batching on: a 2xx without any schema
// (a catch-all answering {} or {"ok": true}) leaves deletes one by one.
func TestEnableBatchDeleteNeedsAMeta(t *testing.T) {
	for body, want := range map[string]bool{
		`{}`:          false,
		`{"ok":true}`: false,
		`{"method":"batch-delete","schema":{"type":"object","properties":{}},"query_schema":{"type":"object","properties":{}},` +
			`"request_body_schema":{"type":"object","properties":{"id":{"type":"array","required":true}}}}`: true,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/unified/crm/contacts/meta/batch-delete" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}))
		client, err := truto.New(truto.Config{BaseURL: srv.URL, Token: testToken, MaxRetries: -1})
		if err != nil {
			t.Fatal(err)
		}
		d := NewProviderData(client, testIA, false)
		d.enableBatchDelete(context.Background(), contactKind, testIA)
		if got := client.BatchDeletes(contactKind.coll, testIA); got != want {
			t.Errorf("meta %s: batching %v, want %v", body, got, want)
		}
		srv.Close()
	}
}
