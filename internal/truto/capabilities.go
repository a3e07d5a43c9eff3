package truto

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Integration names the CRM behind an integrated account.
type Integration struct{ ID, Slug, Name string }

// AccountState is the account part of the capabilities answer. Status and Blocked change at any
// time (a remote 401 moves an account to needs_reauth): never cache it for long.
type AccountState struct {
	ID     string
	Status string // active, connecting, post_install_error, validation_error, needs_reauth ("" when not given)
	// Blocked is is_blocked: calls on the account answer 503.
	Blocked bool
}

// Capabilities is what Truto says an integrated account can do.
type Capabilities struct {
	Integration Integration
	Account     *AccountState // nil when the answer has no account object
	// resources maps a normalized unified CRM resource name to its lowercased methods.
	resources map[string]map[string]bool
}

// Supports reports whether the account supports method ("list", "get", "create", "update",
// "delete") on the unified CRM resource (the collection's last path segment, e.g. "notes"). known is
// false when the answer lists no unified resources at all (a shape we could not read): callers then
// must not conclude anything. When it lists some but not this one, supported is false and known true.
func (c *Capabilities) Supports(resource, method string) (supported, known bool) {
	if c == nil || len(c.resources) == 0 {
		return false, false
	}
	return c.resources[resourceKey(resource)][strings.ToLower(strings.TrimSpace(method))], true
}

// Methods are the methods the answer lists for the unified CRM resource, sorted (none when it lists
// none for it); known as in Supports.
func (c *Capabilities) Methods(resource string) (methods []string, known bool) {
	if c == nil || len(c.resources) == 0 {
		return nil, false
	}
	for m := range c.resources[resourceKey(resource)] {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	return methods, true
}

// DisplayName is the integration's name for messages: Name, else Slug, else "the integration".
func (c *Capabilities) DisplayName() string {
	switch {
	case c == nil:
		return "the integration"
	case c.Integration.Name != "":
		return c.Integration.Name
	case c.Integration.Slug != "":
		return c.Integration.Slug
	}
	return "the integration"
}

// resourceKey normalizes a resource name so "Notes", "notes" and "phone calls"/"phone_calls" meet.
func resourceKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_")
}

// Capabilities reads GET /integrated-account/{id}/capabilities.
func (c *Client) Capabilities(ctx context.Context, integratedAccountID string) (*Capabilities, error) {
	accounts := Collection{Path: "/integrated-account", Noun: "integrated account"}
	p, err := accounts.itemPath(integratedAccountID)
	if err != nil {
		return nil, err
	}
	// No query string: the account is in the path (newRequest would add integrated_account_id).
	r := &request{coll: accounts, method: http.MethodGet, path: p + "/capabilities", integratedAccountID: integratedAccountID}
	probe(r)
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	caps, err := decodeCapabilities(resp.body)
	if err != nil {
		return nil, fmt.Errorf("truto: %s %s: %w", r.method, r.path, err)
	}
	return caps, nil
}

// decodeCapabilities reads both documented shapes: the current one (integration {id, slug, name},
// account {...}, unified {resources: [{api_name, name, methods}]}) and the older one (top-level
// environment_id, integration {id, name, label, category}, unified [{model, resource, methods}]).
func decodeCapabilities(body []byte) (*Capabilities, error) {
	top, ok := Object(body)
	if !ok {
		return nil, fmt.Errorf("the capabilities response is not a JSON object (%s)", snippet(body))
	}
	caps := &Capabilities{resources: map[string]map[string]bool{}}
	var entries []json.RawMessage
	older := false
	if raw, ok := top["unified"]; ok {
		if json.Unmarshal(raw, &entries) == nil {
			older = true
		} else if u, ok := Object(raw); ok {
			_ = json.Unmarshal(u["resources"], &entries) // unreadable: no resources, so Supports is unknown
		}
	}
	if _, ok := top["environment_id"]; ok {
		older = true
	}
	if integ, ok := Object(top["integration"]); ok {
		caps.Integration.ID, _ = MemberString(integ, "id")
		caps.Integration.Slug, _ = MemberString(integ, "slug")
		name, _ := MemberString(integ, "name")
		label, _ := MemberString(integ, "label")
		_, hasCategory := integ["category"]
		if older || label != "" || hasCategory {
			// Older shape: name is the slug-like name, label the display name.
			caps.Integration.Name = label
			if caps.Integration.Slug == "" {
				caps.Integration.Slug = name
			}
		} else {
			caps.Integration.Name = name
		}
	}
	if acct, ok := Object(top["account"]); ok {
		st := &AccountState{}
		st.ID, _ = MemberString(acct, "id")
		st.Status, _ = MemberString(acct, "status")
		st.Blocked, _ = LooseBool(acct["is_blocked"])
		caps.Account = st
	}
	for _, raw := range entries {
		e, ok := Object(raw)
		if !ok {
			continue
		}
		if model, ok := MemberString(e, "model"); ok && !strings.EqualFold(strings.TrimSpace(model), "crm") {
			continue // the older shape lists every unified model; only CRM resources are ours
		}
		methods := capabilityMethods(e["methods"])
		for _, k := range []string{"api_name", "resource", "name"} {
			name, ok := MemberString(e, k)
			if !ok || strings.TrimSpace(name) == "" {
				continue
			}
			key := resourceKey(name)
			if caps.resources[key] == nil {
				caps.resources[key] = map[string]bool{}
			}
			for m := range methods {
				caps.resources[key][m] = true
			}
		}
	}
	return caps, nil
}

// capabilityMethods reads a methods list whose entries are strings or objects {method} / {name}.
func capabilityMethods(raw json.RawMessage) map[string]bool {
	var items []json.RawMessage
	_ = json.Unmarshal(raw, &items)
	out := map[string]bool{}
	for _, it := range items {
		m, ok := LooseString(it)
		if !ok {
			if obj, isObj := Object(it); isObj {
				if m, ok = MemberString(obj, "method"); !ok {
					m, ok = MemberString(obj, "name")
				}
			}
		}
		if m = strings.ToLower(strings.TrimSpace(m)); ok && m != "" {
			out[m] = true
		}
	}
	return out
}
