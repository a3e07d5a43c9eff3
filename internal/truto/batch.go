package truto

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Batched reads: when many records of one collection in one integrated account are read at about
// the same time (Terraform refreshing every resource of a plan), they are served from list pages,
// up to MaxPageSize records a request, instead of one GET each. Truto allows 50 requests per 10 s to
// one integrated account, so a plan of 1,000 records costs about ten requests instead of a thousand.
//
// The rule that decides between listing and per-record GETs keeps the cost bounded by what the
// reads themselves would cost:
//
//   - A lone read is a GET. Listing starts with the second read of the same collection and
//     integrated account (the first waits gatherDelay for it), which is what a refresh of many
//     resources looks like.
//   - Pages are read one after the other, each only while the pages read so far do not exceed the
//     reads they answered by more than pageSlack. A configuration that manages 10 records of a CRM
//     holding 5,000 reads two pages, finds none of its records there, and reads the rest with GETs:
//     12 requests instead of 10, never a scan of the CRM.
//   - Every page is kept for the rest of the client's life (one provider process), and a record the
//     client writes is dropped from it.
//
// Results are those of per-record reads: a record a page answers is used only when the caller's
// complete says it holds what a read needs (list responses may be partial); otherwise, and for a
// record no page has, the record gets its own GET, so only the CRM's own 404 ever says a record is
// gone. An error that a GET of any record would give too (Truto's 404 "Integrated account not
// found", a rejected token or credentials, missing scopes, a blocked integrated account) is the
// answer of every read waiting on the scan; any other failure of a page stops the scan, and the
// reads use GETs.
//
// Reads without get: where the integration has no get on the collection (the caller says so from
// its capabilities, or a GET was answered 405 or with Truto's plain 404, which the client then
// remembers for the collection and integrated account), the record is looked for in the scan's
// pages, alone or not, as far as it takes, and taken as the page has it. A record a complete scan
// does not list is a *NotListedError; when the list is not there either, an *UnreadableError.

// MaxPageSize is the page size asked for when reading through lists: Truto documents no maximum,
// and 100 is what its APIs commonly cap pages at.
const MaxPageSize = 100

const (
	gatherDelay = 25 * time.Millisecond
	pageSlack   = 2
)

// batchReader is the client's cache of list pages, one scan per collection, integrated account and
// scope (see ReadHow.Scope).
type batchReader struct {
	batched bool // Config.BatchReads: concurrent reads and lookups share the scans
	mu      sync.Mutex
	scans   map[scanKey]*scan
}

type scanKey struct{ path, integratedAccount, scope string }

// scan is the list of one collection in one integrated account, read page by page, with the
// scope's filters (none for the whole collection).
type scan struct {
	filters  []Param            // the scope: list filters every page is asked with
	records  map[string]*Record // every record the pages read, by id
	order    []string           // the ids in the order the pages listed them
	cursor   string             // the next page's cursor
	started  bool               // a page was asked for
	done     bool               // the last page was read: a record not in records does not exist
	stopped  bool               // listing failed: reads use GETs
	stopErr  error              // why listing failed
	noGet    bool               // the integration has no get on the collection: reads use the pages only
	getErr   error              // what the GET that said so answered (nil: the caller said so)
	err      error              // an error every read of the integrated account would get
	fetching bool               // a page is being read
	pages    int                // pages read
	served   int                // reads the pages answered
	waiting  int                // reads waiting for a page or for company
	reads    int                // reads so far
	lookups  int                // lookups so far (see Lookup)
	changed  chan struct{}      // closed (and replaced) when anything above changes

	// stale holds records the client wrote after a page read them (their page content is out of
	// date); dirty, the ids written while a page was being read, whose content that page has stale;
	// writes, how often the client wrote each id (a re-read is current only if none came after).
	stale  map[string]*Record
	dirty  map[string]bool
	writes map[string]int
}

func (s *scan) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ReadHow says how Read may read a record.
type ReadHow struct {
	// Complete reports whether a record a list page answered holds everything the caller needs
	// (nil: any); one that does not is read with its own GET where the collection has get.
	Complete func(*Record) bool
	// NoGet says the integration has no get on the collection (its capabilities list list but not
	// get): the record is looked for in list pages only.
	NoGet bool
	// Scope are list filters the record is listed under: the part of the collection a CRM lists
	// apart and may list only when asked (an engagement's engagement_type, reference §8). The
	// record is looked for in list pages asked with them, and one they lack in the unfiltered
	// list's (see listedInScope).
	Scope []Param
}

// Read reads one record like Get, but from list pages when list-backed reads are on
// (Config.BatchReads) and other reads of the collection in the integrated account arrive at the
// same time, or when the collection cannot be read by id (see above). incomplete says the record is
// a list item that fails how.Complete, taken as it is because there is no get: what it lacks is
// unknown, not cleared.
func (c *Client) Read(ctx context.Context, coll Collection, opts RequestOptions, id string, how ReadHow) (rec *Record, incomplete bool, err error) {
	if id == "" {
		rec, err = c.Get(ctx, coll, opts, id)
		return rec, false, err
	}
	opts.IgnoreRemoteData = true
	// The whole collection's scan remembers that it has no get; the scope's holds the pages.
	whole := c.batch.scan(coll, opts.IntegratedAccountID, nil)
	s := c.batch.scan(coll, opts.IntegratedAccountID, how.Scope)
	if how.NoGet || c.batch.withoutGet(whole, s) {
		return c.listedInScope(ctx, coll, opts, whole, s, id, how.Complete)
	}
	if c.batch.batched {
		rec, err, viaGet := c.batch.fromPages(ctx, c, coll, opts, s, id, how.Complete)
		if !viaGet {
			return rec, false, err
		}
	}
	rec, err = c.Get(ctx, coll, opts, id)
	if MethodNotServed(err) {
		// The integration has no get here: the list is the way to read, for the rest of the run.
		c.batch.markNoGet(err, whole, s)
		return c.listedInScope(ctx, coll, opts, whole, s, id, how.Complete)
	}
	return rec, false, err
}

// listedInScope finds a record in the scope's pages (s), and one they lack in the whole
// collection's (whole): a CRM may answer an empty list for a filter value it does not know, or list
// a record under another. Only when the unfiltered list is refused (as CRMs that require the filter
// do) does the scope's answer stand alone.
func (c *Client) listedInScope(ctx context.Context, coll Collection, opts RequestOptions, whole, s *scan, id string,
	complete func(*Record) bool) (*Record, bool, error) {
	rec, incomplete, err := c.batch.listed(ctx, c, coll, opts, s, id, complete)
	if s == whole || !IsNotListed(err) {
		return rec, incomplete, err
	}
	rec, incomplete, wholeErr := c.batch.listed(ctx, c, coll, opts, whole, id, complete)
	switch {
	case wholeErr == nil || IsNotListed(wholeErr):
		return rec, incomplete, wholeErr
	case StatusCode(wholeErr) == http.StatusBadRequest || MethodNotServed(wholeErr) || IsUnreadable(wholeErr):
		return nil, false, err // the unfiltered list is refused: the scope's list is the CRM's answer
	}
	return nil, false, wholeErr // it failed otherwise: nothing says the record is gone
}

// withoutGet reports whether the whole collection was found to have no get; when it was, the
// scope's scan s learns it too (with the GET's answer).
func (b *batchReader) withoutGet(whole, s *scan) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if whole.noGet {
		s.noGet, s.getErr = true, whole.getErr
	}
	return whole.noGet
}

func (b *batchReader) markNoGet(getErr error, scans ...*scan) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range scans {
		s.noGet, s.getErr = true, getErr
	}
}

// NotListedError says a record is not in the complete list of its collection, which is read
// because the integration has no get on it: the CRM does not hold it (any more).
type NotListedError struct {
	Collection Collection
	ID         string
}

func (e *NotListedError) Error() string {
	return fmt.Sprintf("truto: %s %q is not in the list of %s (GET %s), read whole", e.Collection.Noun, e.ID,
		e.Collection.Plural(), e.Collection.Path)
}

// IsNotListed reports a *NotListedError.
func IsNotListed(err error) bool {
	var e *NotListedError
	return errors.As(err, &e)
}

// UnreadableError says the integration can read no record of the collection: it has neither get
// nor list there (each answered 405 or Truto's plain 404).
type UnreadableError struct {
	Collection Collection
	// GetErr is the GET's answer (nil when the caller said there is no get), ListErr the list's.
	GetErr, ListErr error
}

func (e *UnreadableError) Error() string {
	get := "no get (per the caller)"
	if e.GetErr != nil {
		get = "get: " + e.GetErr.Error()
	}
	return fmt.Sprintf("truto: the integration can read no %s: %s; list: %v", e.Collection.Noun, get, e.ListErr)
}

// Unwrap returns the list's answer.
func (e *UnreadableError) Unwrap() error { return e.ListErr }

// IsUnreadable reports an *UnreadableError.
func IsUnreadable(err error) bool {
	var e *UnreadableError
	return errors.As(err, &e)
}

// listed finds a record in the scan's pages, reading as many as it takes: the read of a collection
// without get.
func (b *batchReader) listed(ctx context.Context, c *Client, coll Collection, opts RequestOptions, s *scan, id string,
	complete func(*Record) bool) (*Record, bool, error) {
	b.mu.Lock()
	s.waiting++
	s.reads++
	s.notify()
	unlock := func() {
		s.waiting--
		b.mu.Unlock()
	}
	for {
		switch {
		case s.err != nil:
			err := s.err
			unlock()
			return nil, false, err
		case s.records[id] != nil:
			r := *s.records[id]
			s.served++
			s.notify()
			unlock()
			return &r, complete != nil && !complete(&r), nil
		case s.writes[id] > 0:
			// Written by this client since a page was read: the pages are out of date for it.
			getErr, filters := s.getErr, s.filters
			unlock()
			return c.listAgain(ctx, coll, opts, filters, id, complete, getErr)
		case s.done:
			unlock()
			return nil, false, &NotListedError{Collection: coll, ID: id}
		case s.stopped:
			err, getErr := s.stopErr, s.getErr
			unlock()
			return nil, false, unreadable(coll, err, getErr)
		case s.fetching:
			if !b.wait(ctx, s, time.Minute) {
				unlock()
				return nil, false, ctx.Err()
			}
			continue
		}
		if !b.fetch(ctx, c, coll, opts, s) {
			unlock()
			return nil, false, ctx.Err()
		}
	}
}

// listAgain finds a record in a new listing of the collection (with a scope's filters), not shared
// with other reads.
func (c *Client) listAgain(ctx context.Context, coll Collection, opts RequestOptions, filters []Param, id string,
	complete func(*Record) bool, getErr error) (*Record, bool, error) {
	for rec, err := range c.List(ctx, coll, opts, ListParams{Limit: MaxPageSize, Filters: filters}) {
		switch {
		case err != nil:
			return nil, false, unreadable(coll, err, getErr)
		case rec.ID == id:
			return &rec, complete != nil && !complete(&rec), nil
		}
	}
	return nil, false, &NotListedError{Collection: coll, ID: id}
}

// unreadable is the error of a list that failed for a read without get (getErr: the GET's answer
// that said so, nil when the caller did): an *UnreadableError when the list is not there either and
// at least one answer says the method is unsupported (a 405, or the caller's capabilities); two
// plain 404s say nothing that certain (Truto's API may not be at the base URL), so the GET's error
// stands.
func unreadable(coll Collection, err, getErr error) error {
	list, get := Classify(err), Classify(getErr)
	switch {
	case list == NotAllowed, list == TrutoNotFound && (getErr == nil || get == NotAllowed):
		return &UnreadableError{Collection: coll, GetErr: getErr, ListErr: err}
	case list == TrutoNotFound:
		return getErr
	}
	return err
}

// scan returns the scan of coll in the integrated account with the scope's filters (nil: the
// whole collection).
func (b *batchReader) scan(coll Collection, ia string, scope []Param) *scan {
	b.mu.Lock()
	defer b.mu.Unlock()
	var q query
	ListParams{Filters: scope}.addTo(&q, "")
	k := scanKey{coll.Path, ia, q.encode()}
	s := b.scans[k]
	if s == nil {
		s = &scan{filters: scope, records: map[string]*Record{}, stale: map[string]*Record{}, dirty: map[string]bool{},
			writes: map[string]int{}, changed: make(chan struct{})}
		b.scans[k] = s
	}
	return s
}

// forget drops a record the client wrote from every scan of its collection: the page that held it
// is out of date.
func (b *batchReader) forget(coll Collection, ia, id string) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for k, s := range b.scans {
		if k.path != coll.Path || k.integratedAccount != ia {
			continue
		}
		s.writes[id]++
		if r := s.records[id]; r != nil {
			s.stale[id] = r
		}
		delete(s.records, id)
		if s.fetching {
			s.dirty[id] = true
		}
	}
}

// paying reports whether another page may be read: the pages so far do not exceed by more than
// pageSlack what they replace, one GET for each read they answered and two requests for each lookup
// (see Lookup).
func (s *scan) paying() bool {
	return s.pages < s.served+2*s.lookups+pageSlack
}

// fromPages answers a read from the scan's pages, reading more of them while that pays; viaGet says
// the caller must read the record with its own GET instead.
func (b *batchReader) fromPages(ctx context.Context, c *Client, coll Collection, opts RequestOptions, s *scan, id string,
	complete func(*Record) bool) (rec *Record, err error, viaGet bool) {
	b.mu.Lock()
	s.waiting++
	s.reads++
	s.notify() // wakes a read gathering company
	defer func() {
		s.waiting--
		b.mu.Unlock()
	}()
	gathered := false
	for {
		switch {
		case s.err != nil:
			return nil, s.err, false
		case s.records[id] != nil:
			r := *s.records[id]
			if complete != nil && !complete(&r) {
				return nil, nil, true // a partial item: its own GET tells the truth
			}
			s.served++
			s.notify()
			return &r, nil, false
		case s.done || s.stopped:
			return nil, nil, true // not listed (a complete scan confirms with a GET, so only the CRM says "gone")
		case !s.started && s.reads < 2 && !gathered:
			// The first read: give others a moment to arrive before deciding to list.
			gathered = true
			if !b.wait(ctx, s, gatherDelay) {
				return nil, ctx.Err(), false
			}
			continue
		case !s.started && s.reads < 2:
			return nil, nil, true // alone: a GET costs less than a page
		case s.fetching:
			if !b.wait(ctx, s, time.Minute) {
				return nil, ctx.Err(), false
			}
			continue
		case !s.paying():
			return nil, nil, true // the pages stopped paying for themselves
		}
		if !b.fetch(ctx, c, coll, opts, s) {
			return nil, ctx.Err(), false
		}
	}
}

// wait releases the lock until the scan changes, d passes, or ctx ends (false).
func (b *batchReader) wait(ctx context.Context, s *scan, d time.Duration) bool {
	changed := s.changed
	b.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	defer b.mu.Lock()
	select {
	case <-ctx.Done():
		return false
	case <-changed:
	case <-t.C:
	}
	return true
}

// fetch reads the scan's next page, without the lock; false when ctx ended (the page is left to
// another read: the caller must stop, or it would ask again at once, forever).
func (b *batchReader) fetch(ctx context.Context, c *Client, coll Collection, opts RequestOptions, s *scan) bool {
	s.fetching, s.started = true, true
	cursor := s.cursor
	b.mu.Unlock()
	page, err := c.ListPage(ctx, coll, opts, ListParams{Limit: MaxPageSize, Filters: s.filters}, cursor)
	b.mu.Lock()
	s.fetching = false
	defer func() { clear(s.dirty) }()
	defer s.notify()
	switch {
	case err == nil:
		s.pages++
		for i := range page.Result {
			r := page.Result[i]
			switch {
			case r.ID == "":
			case s.dirty[r.ID]: // written while the page was read: its content may predate the write
				s.stale[r.ID] = &r
				s.order = append(s.order, r.ID)
			default:
				s.records[r.ID] = &r
				s.order = append(s.order, r.ID)
			}
		}
		if page.NextCursor == "" || page.NextCursor == cursor {
			s.done = true
		}
		s.cursor = page.NextCursor
	case ctx.Err() != nil:
		// This read was cancelled; another may read the page.
	case failsEveryRead(err):
		s.err = err
	default:
		s.stopped, s.stopErr = true, err // listing does not work here (unsupported, a bad page ...): GETs do
	}
	return ctx.Err() == nil
}

// failsEveryRead reports an error a GET of any record of the integrated account would give too:
// Truto's 404 "Integrated account not found", a rejected token or CRM credentials, missing scopes, a
// blocked integrated account. Another 404 (a list route Truto does not serve for the integration)
// says nothing about GETs.
func failsEveryRead(err error) bool {
	switch Classify(err) {
	case AccountNotFound, TokenRejected, CRMCredentialsRejected, Forbidden, AccountBlocked:
		return true
	}
	return false
}
