package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/truto/terraform-provider-truto/internal/emulator"
)

// usageText heads the -h output.
const usageText = `truto-emulator serves an in-memory emulator of Truto's Unified CRM API on loopback:
accounts, contacts, opportunities, leads, notes, tasks, engagements, users, stages and
the fields catalog (/unified/crm/{collection}), their meta endpoints and
/integrated-account/{id}/capabilities; the control surface is under /_emulator/.

Accounts named with -accounts behave like a HubSpot portal (name required, two custom
fields set by the CRM, a small custom-field catalog: tier, seats, active and region on
accounts ...) and start with three users (user-alex, user-sam, user-jo) and a
"Sales Pipeline" with the stages Qualified, Proposal, Negotiation, Closed Won and Closed
Lost (stage-qualified ...). A -config JSON file can describe accounts with their own
profiles (per-collection methods, required fields and query parameters, CRM quirks, a
custom-field catalog, account status) and seed records per collection; every key is
shown in the fileConfig comment of cmd/truto-emulator/config.go.

Usage: truto-emulator [flags]

`

// errHelp is returned for -h / -help (usage already printed).
var errHelp = errors.New("help requested")

// defaultProfile is the profile of accounts named with -accounts: a HubSpot
// portal that requires a name, sets two custom fields itself and has a small
// custom-field catalog (demoCatalog). Like HubSpot, it has batch-delete for contacts and accounts
// (ids in the body).
func defaultProfile() emulator.Profile {
	return emulator.Profile{
		Integration:          "hubspot",
		RequiredCreateFields: []string{"name"},
		CustomFieldDefaults:  map[string]any{"hs_object_source": "API", "lifecyclestage": "lead"},
		Fields:               demoCatalog(),
		Collections: map[string]emulator.CollectionProfile{
			"contacts": {BatchDelete: emulator.BatchDeleteBody},
			"accounts": {BatchDelete: emulator.BatchDeleteBody},
		},
	}
}

// demoCatalog is the custom-field catalog of the default profile: the fields the examples and the
// README use, and the two the portal sets itself, so that a custom_fields key it does not have
// fails the plan (with the nearest names) as it would against a real CRM. Notes, tasks and
// engagements have none: their custom_fields are not checked.
func demoCatalog() map[string][]emulator.FieldDef {
	crm := []emulator.FieldDef{
		{Name: "hs_object_source", Label: "Record source", Type: "string"},
		{Name: "lifecyclestage", Label: "Lifecycle stage", Type: "string"},
	}
	custom := func(defs ...emulator.FieldDef) []emulator.FieldDef {
		for i := range defs {
			defs[i].IsUserDefined = true
		}
		return append(defs, crm...)
	}
	tiers := []emulator.FieldOption{{Label: "Platinum", Value: "platinum"}, {Label: "Gold", Value: "gold"},
		{Label: "Silver", Value: "silver"}, {Label: "Bronze", Value: "bronze"}}
	return map[string][]emulator.FieldDef{
		"account": custom(
			emulator.FieldDef{Name: "tier", Label: "Tier", Type: "enum", Options: tiers},
			emulator.FieldDef{Name: "seats", Label: "Seats", Type: "number"},
			emulator.FieldDef{Name: "active", Label: "Active", Type: "boolean"},
			emulator.FieldDef{Name: "region", Label: "Region", Type: "string"},
		),
		"contact": custom(
			emulator.FieldDef{Name: "linkedin", Label: "LinkedIn", Type: "string"},
			emulator.FieldDef{Name: "nps", Label: "NPS", Type: "number"},
			emulator.FieldDef{Name: "tier", Label: "Tier", Type: "enum", Options: tiers},
		),
		"opportunity": custom(
			emulator.FieldDef{Name: "forecast_category", Label: "Forecast category", Type: "enum", Options: []emulator.FieldOption{
				{Label: "Pipeline", Value: "pipeline"}, {Label: "Best case", Value: "best_case"}, {Label: "Commit", Value: "commit"}}},
		),
		"lead": custom(
			emulator.FieldDef{Name: "rating", Label: "Rating", Type: "enum", Options: []emulator.FieldOption{
				{Label: "Hot", Value: "hot"}, {Label: "Warm", Value: "warm"}, {Label: "Cold", Value: "cold"}}},
		),
	}
}

// demoSeed is what every account named with -accounts holds from the start:
// three active users and a "Sales Pipeline" with five stages. The first such
// account gets the plain ids (user-alex, stage-qualified ...); later ones
// get them suffixed with their account id, since ids are unique across the
// server.
func demoSeed(accountID string, first bool) map[string][]map[string]any {
	id := func(base string) string {
		if first {
			return base
		}
		return base + "-" + accountID
	}
	const created = "2024-01-01T09:00:00.000Z"
	users := []map[string]any{}
	for _, u := range []struct{ id, name, email string }{
		{"user-alex", "Alex Admin", "alex@demo.example"},
		{"user-sam", "Sam Sales", "sam@demo.example"},
		{"user-jo", "Jo Support", "jo@demo.example"},
	} {
		users = append(users, map[string]any{"id": id(u.id), "name": u.name, "email": u.email, "is_active": true,
			"created_at": created, "updated_at": created})
	}
	pipeline := map[string]any{"id": id("pipeline-sales"), "name": "Sales Pipeline"}
	stages := []map[string]any{}
	for i, st := range []struct{ id, name string }{
		{"stage-qualified", "Qualified"}, {"stage-proposal", "Proposal"}, {"stage-negotiation", "Negotiation"},
		{"stage-closed-won", "Closed Won"}, {"stage-closed-lost", "Closed Lost"},
	} {
		stages = append(stages, map[string]any{"id": id(st.id), "name": st.name, "position": i + 1, "status": "active",
			"pipeline": pipeline, "created_at": created, "updated_at": created})
	}
	return map[string][]map[string]any{"users": users, "stages": stages}
}

// fileConfig is the JSON of -config, an Options-like document:
//
//	{
//	  "token": "demo-token",
//	  "listen": "127.0.0.1:8089",
//	  "accounts": [
//	    {"id": "hubspot-1"},                                   // default profile, no seed
//	    {"id": "sf-1", "profile": {"integration": "salesforce",
//	       "required_create_fields": ["name", "owner"], "delete_returns_no_content": true,
//	       "sandbox": false, "delete_unsupported": false,
//	       "custom_field_defaults": {"Rating": "Warm"}, "custom_fields_as_strings": true,
//	       "supported_filters": ["name"],
//	       "collections": {                                    // per collection (accounts, contacts, opportunities,
//	         "notes": {"methods": ["create", "update"],         // leads, notes, tasks, engagements, users, stages, fields)
//	                   "required_query": {"update": ["contact"]}},
//	         "engagements": {"engagement_types": ["call", "meeting"],
//	                   "required_query": {"update": ["engagement_type"], "delete": ["engagement_type"]}},
//	         "contacts": {"required_create_fields": ["account"], "never_returned": ["title"],
//	                   "delete_unsupported": true, "delete_returns_no_content": false, "supported_filters": ["email"],
//	                   "batch_delete": "query"}},                // batch-delete: "body" (HubSpot) or "query" (Salesforce)
//	       "lowercase_emails": true, "date_only": true, "numbers_as_strings": false, "reorder_lists": false,
//	       "check_references": true, "reference_error_status": 404,
//	       "fields": {"contact": [{"id": "f1", "name": "tier", "label": "Tier", "type": "enum",
//	                   "options": [{"label": "Gold", "value": "gold"}], "is_required": false, "is_user_defined": true}]},
//	       "partial_lists": ["custom_fields"],
//	       "status": "active", "blocked": false, "capabilities_unavailable": false},
//	     "seed": {                                             // records per collection, inserted at start
//	       "users": [{"id": "user-1", "name": "Ann Owner", "email": "ann@example.com", "is_active": true}],
//	       "stages": [{"id": "st-1", "name": "New", "position": 1, "status": "active",
//	                   "pipeline": {"id": "p-1", "name": "Sales"}}],
//	       "accounts": [{"name": "Existing Co"}]}}
//	  ],
//	  "account_rate_limit": {"requests": 50, "per_ms": 10000, "sliding": true},
//	  "token_rate_limit": {"requests": -1},
//	  "faults": {"rate": 0.2, "kinds": ["429", "500"], "latency_ms": 500},
//	  "seed": 1
//	}
//
// Flags given on the command line win over the file. Accounts named with
// -accounts get the default profile and the demo users and stages
// (demoSeed); the file's accounts get exactly what the file says.
type fileConfig struct {
	Token    string `json:"token"`
	Listen   string `json:"listen"`
	Accounts []struct {
		ID      string                      `json:"id"`
		Profile *emulator.Profile           `json:"profile"`
		Seed    map[string][]map[string]any `json:"seed"`
	} `json:"accounts"`
	AccountRateLimit *emulator.RateLimit `json:"account_rate_limit"`
	TokenRateLimit   *emulator.RateLimit `json:"token_rate_limit"`
	Faults           *emulator.Faults    `json:"faults"`
	Seed             int64               `json:"seed"`
}

// config is the resolved command configuration.
type config struct {
	listen           string
	allowNonLoopback bool
	readyFile        string
	logRequests      bool
	options          emulator.Options
	faults           emulator.Faults
}

// parseConfig parses the flags and the optional -config file.
func parseConfig(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("truto-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8089", "address to listen on (loopback only; port 0 picks a free port)")
	token := fs.String("token", "demo-token", "bearer token the emulator accepts")
	accounts := fs.String("accounts", "demo-account", "comma-separated integrated account ids (HubSpot-like profile, seeded with demo users and stages)")
	configFile := fs.String("config", "", "JSON file with token, accounts (id, profile, seed records), limits, faults, seed")
	rate := fs.String("rate", "50/10s", `per integrated account rate limit "N/duration" (",sliding" for a sliding window), or "off"`)
	tokenRate := fs.String("token-rate", "500/10s", `per token rate limit "N/duration" (",sliding" for a sliding window), or "off"`)
	sliding := fs.Bool("rate-sliding", false, "make every rate limit a sliding window: at most N requests in any window of the duration")
	faultRate := fs.Float64("faults", 0, "fraction of /unified requests that get an injected fault, e.g. 0.2")
	faultKinds := fs.String("fault-kinds", "", "comma-separated fault kinds: 429,500,502,504,latency,drop_after_commit (default all)")
	faultLatency := fs.Duration("fault-latency", time.Second, "delay of the latency fault")
	seed := fs.Int64("seed", 0, "random seed for ids and faults (0 = time-based)")
	allow := fs.Bool("allow-non-loopback", false, "allow listening on a non-loopback address")
	readyFile := fs.String("ready-file", "", "write the base URL to this file once listening")
	logReq := fs.Bool("log", false, "log every request to stderr")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg := &config{listen: *listen, allowNonLoopback: *allow, readyFile: *readyFile, logRequests: *logReq}
	opts := &cfg.options
	opts.Token = *token
	opts.Seed = *seed
	var err error
	if opts.AccountRateLimit, err = parseRate(*rate); err != nil {
		return nil, fmt.Errorf("-rate: %w", err)
	}
	if opts.TokenRateLimit, err = parseRate(*tokenRate); err != nil {
		return nil, fmt.Errorf("-token-rate: %w", err)
	}
	cfg.faults = emulator.Faults{Rate: *faultRate, Latency: *faultLatency}
	if *faultKinds != "" {
		for _, k := range strings.Split(*faultKinds, ",") {
			cfg.faults.Kinds = append(cfg.faults.Kinds, emulator.FaultKind(strings.TrimSpace(k)))
		}
	}

	seen := map[string]bool{}
	if *configFile != "" {
		fc, err := readFileConfig(*configFile)
		if err != nil {
			return nil, err
		}
		if fc.Token != "" && !set["token"] {
			opts.Token = fc.Token
		}
		if fc.Listen != "" && !set["listen"] {
			cfg.listen = fc.Listen
		}
		if fc.Seed != 0 && !set["seed"] {
			opts.Seed = fc.Seed
		}
		if fc.AccountRateLimit != nil && !set["rate"] {
			opts.AccountRateLimit = *fc.AccountRateLimit
		}
		if fc.TokenRateLimit != nil && !set["token-rate"] {
			opts.TokenRateLimit = *fc.TokenRateLimit
		}
		if fc.Faults != nil && !set["faults"] && !set["fault-kinds"] && !set["fault-latency"] {
			cfg.faults = *fc.Faults
		}
		for _, a := range fc.Accounts {
			if a.ID == "" || seen[a.ID] {
				return nil, fmt.Errorf("%s: account id %q is empty or repeated", *configFile, a.ID)
			}
			seen[a.ID] = true
			p := defaultProfile()
			if a.Profile != nil {
				p = *a.Profile
			}
			ia := emulator.IntegratedAccount{ID: a.ID, Profile: p, Seed: a.Seed}
			if err := ia.Validate(); err != nil {
				return nil, fmt.Errorf("%s: %w", *configFile, err)
			}
			opts.Accounts = append(opts.Accounts, ia)
		}
	}
	// -accounts adds to the file's accounts when given, and is the default
	// when the file names none.
	seeded := false
	if set["accounts"] || len(opts.Accounts) == 0 {
		for _, id := range strings.Split(*accounts, ",") {
			id = strings.TrimSpace(id)
			if id == "" || seen[id] {
				continue
			}
			seen[id] = true
			opts.Accounts = append(opts.Accounts, emulator.IntegratedAccount{ID: id, Profile: defaultProfile(), Seed: demoSeed(id, !seeded)})
			seeded = true
		}
	}
	if *sliding {
		for _, rl := range []*emulator.RateLimit{&opts.AccountRateLimit, &opts.TokenRateLimit} {
			if rl.Requests >= 0 {
				rl.Sliding = true
			}
		}
	}
	if opts.Token == "" {
		return nil, errors.New("a token is required (-token)")
	}
	if len(opts.Accounts) == 0 {
		return nil, errors.New("at least one integrated account is required (-accounts)")
	}
	if err := cfg.faults.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func readFileConfig(path string) (*fileConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc fileConfig
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &fc, nil
}

// parseRate parses "N/duration" ("50/10s", "5/500ms", "100/s"), "N" (per
// 10 s) or "off"; a ",sliding" suffix ("50/10s,sliding") makes the window
// sliding.
func parseRate(s string) (emulator.RateLimit, error) {
	s = strings.TrimSpace(s)
	if s == "off" || s == "none" || s == "-1" {
		return emulator.RateLimit{Requests: -1}, nil
	}
	if base, ok := strings.CutSuffix(s, ",sliding"); ok {
		rl, err := parseRate(base)
		if err != nil || rl.Requests < 0 {
			return emulator.RateLimit{}, fmt.Errorf("%q: want N/duration,sliding like 50/10s,sliding", s)
		}
		rl.Sliding = true
		return rl, nil
	}
	n, per, hasPer := strings.Cut(s, "/")
	reqs, err := strconv.Atoi(n)
	if err != nil || reqs <= 0 {
		return emulator.RateLimit{}, fmt.Errorf("%q: want N/duration like 50/10s, or off", s)
	}
	d := 10 * time.Second
	if hasPer {
		if per != "" && (per[0] < '0' || per[0] > '9') {
			per = "1" + per // "100/s"
		}
		d, err = time.ParseDuration(per)
		if err != nil || d <= 0 {
			return emulator.RateLimit{}, fmt.Errorf("%q: bad duration %q", s, per)
		}
	}
	return emulator.RateLimit{Requests: reqs, Per: d}, nil
}
