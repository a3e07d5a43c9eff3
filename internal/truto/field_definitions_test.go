package truto

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestCreateFieldRequestShape(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusCreated, `{"id": 77, "name": "tier", "label": "Tier", "type": "enum", "description": "Plan",
			"options": [{"label": "Gold", "value": "gold", "description": "best", "is_hidden": false}, {"label": "Silver", "value": "silver", "is_hidden": "true"}],
			"hidden": true, "is_required": "false", "is_user_defined": true, "entity_type": "account",
			"field_groups": [{"id": "g1", "name": "Sales"}], "created_at": "2026-12-01T10:00:00.000Z", "updated_at": "2026-12-01T10:00:01.000Z"}`)
	})
	c := newTestClient(t, srv, nil)
	// The integration's create meta names two flags the bare way.
	meta := &Schema{Properties: map[string]*Schema{"label": {}, "required": {}, "hidden": {}, "is_unique": {}}}
	in := FieldInput{
		Name: "tier", Label: "Tier", Type: "enum", Description: ptr("Plan"),
		Options:    []FieldOption{{Label: "Gold", Value: "gold", Description: "best"}, {Label: "Silver", Value: "silver", IsHidden: true}},
		IsRequired: ptr(false), IsUnique: ptr(true), IsHidden: ptr(true), FieldGroupID: "g1",
		FlagNames: FieldFlagNamesFrom(meta),
	}
	def, err := c.CreateField(context.Background(), c.opts, "account", in)
	if err != nil {
		t.Fatal(err)
	}
	req := srv.requests()[0]
	wantQuery := "integrated_account_id=" + url.QueryEscape(c.opts.IntegratedAccountID) + "&entity=account"
	if req.Method != http.MethodPost || req.Path != "/unified/crm/fields" || req.RawQuery != wantQuery {
		t.Errorf("request = %s %s?%s, want POST /unified/crm/fields?%s", req.Method, req.Path, req.RawQuery, wantQuery)
	}
	if req.Header.Get("Idempotency-Key") == "" {
		t.Error("a field create carries no Idempotency-Key")
	}
	wantBody := `{"entity":"account","name":"tier","label":"Tier","type":"enum","description":"Plan",` +
		`"options":[{"label":"Gold","value":"gold","description":"best"},{"label":"Silver","value":"silver","is_hidden":true}],` +
		`"required":false,"is_unique":true,"hidden":true,"field_group":{"id":"g1"}}`
	if string(req.Body) != wantBody {
		t.Errorf("body\n got %s\nwant %s", req.Body, wantBody)
	}
	def.returned = nil
	want := FieldDefinition{ID: "77", Name: "tier", Label: "Tier", Type: "enum", Description: "Plan", EntityType: "account",
		Options:  []FieldOption{{Label: "Gold", Value: "gold", Description: "best"}, {Label: "Silver", Value: "silver", IsHidden: true}},
		IsHidden: true, IsUserDefined: true, FieldGroupID: "g1",
		CreatedAt: "2026-12-01T10:00:00.000Z", UpdatedAt: "2026-12-01T10:00:01.000Z"}
	if !reflect.DeepEqual(*def, want) {
		t.Errorf("definition\n got %+v\nwant %+v", *def, want)
	}
}

func TestCreateFieldOutcomeUnknown(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		writeJSON(w, http.StatusBadGateway, `{"error":"Bad Gateway"}`)
	})
	c := newTestClient(t, srv, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.CreateField(context.Background(), c.opts, "contact", FieldInput{Label: "Tier", Type: "string"})
	var unknown *OutcomeUnknownError
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.As(err, &unknown) || unknown.Collection.Noun != "field" {
		t.Fatalf("err = %v, want an outcome-unknown error about a field", err)
	}
	assertErrClean(t, err)
	reqs := srv.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d attempts, want 3", len(reqs))
	}
	for i, r := range reqs {
		if k := r.Header.Get("Idempotency-Key"); k == "" || k != unknown.IdempotencyKey {
			t.Errorf("attempt %d: Idempotency-Key %q, want %q on every attempt", i+1, k, unknown.IdempotencyKey)
		}
	}
}

func TestGetUpdateDeleteFieldRequestShape(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, `{"id": "f/1", "name": "tier", "is_unique": true, "field_group": {"id": "g2"}}`)
		case http.MethodPatch:
			w.WriteHeader(http.StatusNoContent)
		default:
			writeJSON(w, http.StatusOK, `{"id": "f/1"}`)
		}
	})
	c := newTestClient(t, srv, nil)
	ctx := context.Background()
	def, err := c.GetField(ctx, c.opts, "contact", "f/1")
	if err != nil || def.ID != "f/1" || !def.IsUnique || def.FieldGroupID != "g2" {
		t.Fatalf("get = %+v, %v", def, err)
	}
	in := FieldInput{Label: "Level", Description: ptr(""), Options: []FieldOption{}, IsRequired: ptr(true)}
	def, err = c.UpdateField(ctx, c.opts, "contact", "f/1", in)
	if err != nil || def.ID != "f/1" || def.Label != "" {
		t.Fatalf("update = %+v, %v (an empty answer is the id alone)", def, err)
	}
	if err := c.DeleteField(ctx, c.opts, "contact", "f/1"); err != nil {
		t.Fatal(err)
	}
	wantQuery := "integrated_account_id=" + url.QueryEscape(c.opts.IntegratedAccountID) + "&entity=contact"
	reqs := srv.requests()
	for i, want := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
		if r := reqs[i]; r.Method != want || r.Path != "/unified/crm/fields/f%2F1" || r.RawQuery != wantQuery {
			t.Errorf("request %d = %s %s?%s, want %s /unified/crm/fields/f%%2F1?%s", i, r.Method, r.Path, r.RawQuery, want, wantQuery)
		}
	}
	// An update sends only what changes, never the entity in the body; "" and [] are sent (clearing).
	if got, want := string(reqs[1].Body), `{"label":"Level","description":"","options":[],"is_required":true}`; got != want {
		t.Errorf("update body\n got %s\nwant %s", got, want)
	}
	if reqs[1].Header.Get("Idempotency-Key") == "" || reqs[0].Header.Get("Idempotency-Key") != "" {
		t.Error("only the PATCH carries an Idempotency-Key")
	}
}

func TestFieldCallsNeedEntityAndID(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) { writeJSON(w, http.StatusOK, `{}`) })
	c := newTestClient(t, srv, nil)
	ctx := context.Background()
	if _, err := c.CreateField(ctx, c.opts, "", FieldInput{Label: "x"}); err == nil {
		t.Error("create without entity")
	}
	if _, err := c.GetField(ctx, c.opts, "", "1"); err == nil {
		t.Error("get without entity")
	}
	if _, err := c.UpdateField(ctx, c.opts, "account", "", FieldInput{}); err == nil {
		t.Error("update without id")
	}
	if err := c.DeleteField(ctx, c.opts, "", "1"); err == nil {
		t.Error("delete without entity")
	}
	if n := srv.count(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestFieldFlagNamesFromMeta(t *testing.T) {
	t.Parallel()
	schema := func(names ...string) *Schema {
		s := &Schema{Properties: map[string]*Schema{}}
		for _, n := range names {
			s.Properties[n] = &Schema{}
		}
		return s
	}
	for _, c := range []struct {
		name string
		body *Schema
		want FieldFlagNames
	}{
		{"no meta: the unified names", nil, DefaultFieldFlagNames},
		{"a schema naming none: the unified names", schema("label", "type"), DefaultFieldFlagNames},
		{"bare names", schema("required", "unique", "hidden"), FieldFlagNames{"required", "unique", "hidden"}},
		{"mixed", schema("is_required", "hidden"), FieldFlagNames{"is_required", "is_unique", "hidden"}},
		{"both spellings: the unified one", schema("hidden", "is_hidden"), DefaultFieldFlagNames},
	} {
		if got := FieldFlagNamesFrom(c.body); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
	if got := ChooseBodyName([]string{"b"}, "a", "b"); got != "b" {
		t.Errorf("ChooseBodyName = %q", got)
	}
	// Empty names in FlagNames fall back to the defaults one by one.
	body, err := (&FieldInput{IsHidden: ptr(true), IsUnique: ptr(false), FlagNames: FieldFlagNames{Hidden: "hidden"}}).body("lead", false)
	if raw, _ := json.Marshal(body); err != nil || string(raw) != `{"is_unique":false,"hidden":true}` {
		t.Errorf("body = %s, %v", raw, err)
	}
}

func TestDecodeFieldReportsWhatWasReturned(t *testing.T) {
	t.Parallel()
	var rec Record
	if err := json.Unmarshal([]byte(`{"id": "f", "label": "L", "required": true, "is_unique": null, "field_groups": [], "options": [3, null, {"value": true}]}`), &rec); err != nil {
		t.Fatal(err)
	}
	def := decodeField(&rec)
	for member, want := range map[string]bool{"label": true, "is_required": true, "is_unique": false, "is_hidden": false, "field_group": false, "name": false, "options": true} {
		if got := def.Returned(member); got != want {
			t.Errorf("Returned(%s) = %v, want %v", member, got, want)
		}
	}
	if !def.IsRequired || !reflect.DeepEqual(def.Options, []FieldOption{{Label: "3", Value: "3"}, {Value: "true"}}) {
		t.Errorf("definition = %+v", def)
	}
}
