package truto

import (
	"context"
	"time"
)

// Lookups (adopt_by): which records of a collection in an integrated account hold a natural key.
// Answering one needs every record that might match, so either a list with Truto's filters (one
// request when the CRM applies them) or the whole collection. A lone lookup uses the filters.
// Lookups that arrive together (Terraform planning many adopting creates) share the batched reads'
// scan instead, and once it has read the last page they are answered from it without a request:
// N lookups in a collection of M records cost about min(N, ceil(M/MaxPageSize)) list requests.
//
// The scan reads pages only while they pay: each lookup is worth two requests (it would cost one,
// and the one after it in Terraform's queue cannot arrive while it waits), each read one GET, plus
// pageSlack. When the scan stops paying before its last page, the lookups waiting for it use the
// filters after all: a few lookups in a large CRM never scan it.
//
// A scan's pages are the CRM as this client (one provider process) read it, minus what it wrote
// since: a record written after its page was read is re-read with a GET whatever its page content
// (the write may have made it match), and the scan then holds what the GET read until the next
// write. A record this client created after the scan read past it is not seen.

// Lookup returns the records of coll in the integrated account for which match is true (it must
// hold every condition: a CRM may ignore a filter). filters are the list filters that narrow the
// lookup when it is made alone.
func (c *Client) Lookup(ctx context.Context, coll Collection, opts RequestOptions, filters []Param, match func(*Record) bool) ([]*Record, error) {
	opts.IgnoreRemoteData = true
	if !c.batch.batched {
		return c.lookupFiltered(ctx, coll, opts, filters, match)
	}
	s := c.batch.scan(coll, opts.IntegratedAccountID, nil)
	found, stale, err, filtered := c.batch.lookup(ctx, c, coll, opts, s, match)
	switch {
	case err != nil:
		return nil, err
	case filtered:
		return c.lookupFiltered(ctx, coll, opts, filters, match)
	}
	for _, w := range stale {
		rec, err := c.Get(ctx, coll, opts, w.id)
		switch {
		case IsCRMNotFound(err):
			c.batch.reread(coll, opts.IntegratedAccountID, w, nil)
		case err != nil:
			return nil, err
		default:
			c.batch.reread(coll, opts.IntegratedAccountID, w, rec)
			if match(rec) {
				found = append(found, rec)
			}
		}
	}
	return found, nil
}

// lookupFiltered lists with filters and keeps the records match accepts.
func (c *Client) lookupFiltered(ctx context.Context, coll Collection, opts RequestOptions, filters []Param, match func(*Record) bool) ([]*Record, error) {
	var out []*Record
	for rec, err := range c.List(ctx, coll, opts, ListParams{Limit: MaxPageSize, Filters: filters}) {
		if err != nil {
			return nil, err
		}
		if rec.ID != "" && match(&rec) {
			r := rec
			out = append(out, &r)
		}
	}
	return out, nil
}

// written is a record the client wrote after the scan read it, as of its writes-th write.
type written struct {
	id     string
	writes int
}

// lookup answers a lookup from the scan once it has read the last page: the matching records, and
// every record written since its page was read (to re-read and match: its page content tells
// nothing). filtered says the caller must list with filters instead.
func (b *batchReader) lookup(ctx context.Context, c *Client, coll Collection, opts RequestOptions, s *scan,
	match func(*Record) bool) (found []*Record, stale []written, err error, filtered bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s.lookups++
	s.notify() // wakes a lookup gathering company
	gathered := false
	for {
		switch {
		case s.err != nil:
			return nil, nil, s.err, false
		case s.done:
			seen := make(map[string]bool, len(s.order))
			for _, id := range s.order {
				if seen[id] {
					continue
				}
				seen[id] = true
				if r := s.records[id]; r != nil {
					if match(r) {
						cp := *r
						found = append(found, &cp)
					}
				} else if s.stale[id] != nil {
					stale = append(stale, written{id, s.writes[id]})
				}
			}
			return found, stale, nil, false
		case s.stopped:
			return nil, nil, nil, true
		case !s.started && s.lookups < 2 && !gathered:
			// The first lookup: give others a moment to arrive before deciding to list.
			gathered = true
			if !b.wait(ctx, s, gatherDelay) {
				return nil, nil, ctx.Err(), false
			}
			continue
		case !s.started && s.lookups < 2:
			return nil, nil, nil, true // alone: the filters cost less than a scan
		case s.fetching:
			if !b.wait(ctx, s, time.Minute) {
				return nil, nil, ctx.Err(), false
			}
			continue
		case !s.paying():
			return nil, nil, nil, true
		}
		if !b.fetch(ctx, c, coll, opts, s) {
			return nil, nil, ctx.Err(), false
		}
	}
}

// reread puts a written record's re-read content (nil: it is gone) in the scan, unless the client
// wrote it again since: later lookups then need no GET for it.
func (b *batchReader) reread(coll Collection, ia string, w written, rec *Record) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.scans[scanKey{coll.Path, ia, ""}]
	if s == nil || s.stale[w.id] == nil || s.writes[w.id] != w.writes {
		return
	}
	delete(s.stale, w.id)
	if rec != nil {
		cp := *rec
		s.records[w.id] = &cp
	}
}
