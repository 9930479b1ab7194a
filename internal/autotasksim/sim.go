// Package autotasksim is a local Autotask PSA zone: an http.Handler that speaks the published
// ATServicesRest v1.0 wire format over an in-memory, seeded tenant. It answers zone discovery,
// checks the UserName / Secret / ApiIntegrationCode headers with the real status codes, and serves
// entities with the real query grammar, 500-row paging, entityInformation metadata, {"itemId":N}
// writes and the API's two error shapes.
//
// In a test:
//
//	sim, err := autotasksim.New(autotasksim.Options{})
//	if err != nil { ... }
//	srv := httptest.NewServer(sim)
//	defer srv.Close()
//	root := autotasksim.RESTRoot(srv.URL) // e.g. http://127.0.0.1:PORT/ATServicesRest/
//	creds := sim.Credentials()            // the simulator's own API user
//
// Options.Profile selects the public profile (the published API; the zero value) or the extended
// one, which adds SecurityLevels and API-user creation on Resources (the guide
// templates/guides/extended-api.md). Every zone enforces the thread limit and the hourly threshold, counts requests
// (Stats) and can inject faults (SetFaults); Options.Control also serves that control API over
// HTTP under /_sim/.
//
// The program cmd/autotask-sim serves the same handler on a loopback port.
package autotasksim

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Profile selects which contract a zone speaks.
type Profile string

const (
	// ProfilePublic is the published Autotask REST API as it is today.
	ProfilePublic Profile = "public"
	// ProfileExtended adds what the provider needs that Autotask does not publish: the
	// SecurityLevels entity and API-user creation on Resources (templates/guides/extended-api.md).
	ProfileExtended Profile = "extended"
)

// ParseProfile validates a profile name; the empty string means ProfilePublic (the zero Options
// value serves the public profile; the program's --profile default is extended).
func ParseProfile(s string) (Profile, error) {
	switch Profile(strings.ToLower(strings.TrimSpace(s))) {
	case "", ProfilePublic:
		return ProfilePublic, nil
	case ProfileExtended:
		return ProfileExtended, nil
	}
	return "", fmt.Errorf("unknown profile %q: use %q or %q", s, ProfilePublic, ProfileExtended)
}

// Credentials are an API user's login: the values of the UserName, Secret and
// ApiIntegrationCode headers.
type Credentials struct {
	Username        string `json:"username"`
	Secret          string `json:"secret"`
	IntegrationCode string `json:"integration_code"`
}

// Options configure a Simulator. The zero value is a public zone with generated credentials,
// no persistence, no added latency, no logging, the real limits (3 concurrent requests per
// integration code and entity, answered 429 beyond; 10,000 requests per rolling hour) and a
// randomly seeded fault generator.
type Options struct {
	// Profile is ProfilePublic (the zero value's) or ProfileExtended.
	Profile Profile
	// Admin fixes the credentials of the simulator's own API user; empty fields are generated.
	// A loaded state file's credentials take precedence.
	Admin Credentials
	// StatePath, when set, loads the tenant from this file if it exists (otherwise seeds a new
	// one) and rewrites the file atomically after every successful write.
	StatePath string
	// Latency is added before every API request is handled.
	Latency time.Duration
	// Control enables the control API under /_sim/.
	Control bool
	// Logger receives one line per request, with secrets masked. Nil disables request logs.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ThreadLimit is how many requests of one integration code may be in flight on one entity
	// at once; 0 means Autotask's 3, a negative value disables the limit.
	ThreadLimit int
	// ThreadLimitStatus is the status of a request over the thread limit: 429 (the zero
	// value's) or 500, as some zones answer, both with the real thread-threshold message.
	ThreadLimitStatus int
	// HourlyThreshold is the number of authenticated requests allowed per rolling hour; 0 means
	// Autotask's 10,000.
	HourlyThreshold int
	// FaultSeed seeds the generator behind fault rules with a probability; 0 seeds it randomly.
	FaultSeed uint64
	// ResourceFieldsReading decides which Resources fields are read-only: ReadingREST (the zero
	// value's; the REST reference marks none of locationID, dateFormat and timeFormat) or
	// ReadingSOAP (the SOAP reference marks those three read-only).
	ResourceFieldsReading ResourceFieldsReading
	// EmailChangesAwaitConfirmation plays a zone that verifies email changes: a PATCH or PUT
	// that changes an API user's email is accepted, but the old email stays, as it does on a
	// real zone until the user confirms the change at its next UI login (an API user never does).
	EmailChangesAwaitConfirmation bool
}

// Simulator is one simulated Autotask zone. It is an http.Handler and is safe for concurrent use.
type Simulator struct {
	opts     Options
	profile  Profile
	entities []*entity          // in registration order
	byName   map[string]*entity // lower-case route name -> entity
	tenant   *tenant
	seed     *tenant // the seeded tenant Reset restores; never served
	counter  *requestCounter
	stats    *stats
	faults   *faultSet
	log      *slog.Logger
	now      func() time.Time

	threadLimit       int // < 1: no limit
	threadLimitStatus int
	hourlyThreshold   int
}

// New builds a zone: it registers the profile's entities and seeds the tenant, or loads it from
// Options.StatePath when that file exists.
func New(opts Options) (*Simulator, error) {
	profile, err := ParseProfile(string(opts.Profile))
	if err != nil {
		return nil, err
	}
	reading, err := ParseResourceFieldsReading(string(opts.ResourceFieldsReading))
	if err != nil {
		return nil, err
	}
	opts.ResourceFieldsReading = reading
	entities := entitiesFor(profile, reading)
	for _, e := range entities {
		if opts.EmailChangesAwaitConfirmation && e.Name == entityResources {
			awaitEmailConfirmation(e)
		}
	}
	return newSimulator(opts, profile, entities)
}

// newSimulator builds a zone serving the given entity descriptors; tests use it to register
// extra descriptors and exercise the generic machinery.
func newSimulator(opts Options, profile Profile, entities []*entity) (*Simulator, error) {
	s := &Simulator{
		opts:              opts,
		profile:           profile,
		byName:            map[string]*entity{},
		counter:           &requestCounter{},
		stats:             newStats(),
		log:               opts.Logger,
		now:               opts.Now,
		threadLimit:       opts.ThreadLimit,
		threadLimitStatus: opts.ThreadLimitStatus,
		hourlyThreshold:   opts.HourlyThreshold,
	}
	switch {
	case s.threadLimit == 0:
		s.threadLimit = defaultThreadLimit
	case s.threadLimit < 0:
		s.threadLimit = 0
	}
	switch s.threadLimitStatus {
	case 0:
		s.threadLimitStatus = http.StatusTooManyRequests
	case http.StatusTooManyRequests, http.StatusInternalServerError:
	default:
		return nil, fmt.Errorf("thread limit status %d: use 429 or 500", s.threadLimitStatus)
	}
	switch {
	case s.hourlyThreshold == 0:
		s.hourlyThreshold = requestThreshold
	case s.hourlyThreshold < 0:
		return nil, fmt.Errorf("hourly threshold %d must not be negative", s.hourlyThreshold)
	}
	seed := opts.FaultSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	s.faults = &faultSet{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for _, e := range entities {
		s.entities = append(s.entities, e)
		s.byName[strings.ToLower(e.Name)] = e
	}

	if opts.StatePath != "" {
		t, loadErr := loadState(opts.StatePath, s.entities, profile)
		switch {
		case loadErr == nil:
			s.tenant = t
		case !isNotExist(loadErr):
			return nil, loadErr
		}
	}
	if s.tenant == nil {
		s.tenant = seedTenant(s.entities, opts.Admin, s.now())
		s.seed = s.tenant.clone()
		if err := s.persist(); err != nil {
			return nil, err
		}
	} else {
		// A loaded zone resets to a freshly seeded tenant with the same administrator.
		s.seed = seedTenant(s.entities, s.Credentials(), s.now())
	}
	return s, nil
}

// Reset restores the tenant the zone was seeded with (for a zone loaded from a state file: a
// freshly seeded tenant with the same administrator credentials) and persists it. Statistics,
// fault rules and the hourly request count are not affected.
func (s *Simulator) Reset() error {
	fresh := s.seed.clone()
	t := s.tenant
	t.mu.Lock()
	defer t.mu.Unlock()
	t.replaceWith(fresh)
	return s.persist()
}

// Handler returns the simulator as an http.Handler.
func (s *Simulator) Handler() http.Handler { return s }

// Profile reports the contract this zone speaks.
func (s *Simulator) Profile() Profile { return s.profile }

// ResourceFieldsReading reports which reading of the read-only Resources fields this zone uses.
func (s *Simulator) ResourceFieldsReading() ResourceFieldsReading {
	if s.opts.ResourceFieldsReading == "" {
		return ReadingREST
	}
	return s.opts.ResourceFieldsReading
}

// Credentials returns the login of the simulator's own administrator API user.
func (s *Simulator) Credentials() Credentials {
	t := s.tenant
	t.mu.RLock()
	defer t.mu.RUnlock()
	c := t.credentialFor(t.adminID)
	var out Credentials
	if c != nil {
		out.Secret, out.IntegrationCode = c.Secret, c.IntegrationCode
	}
	if r := t.table(entityResources).rows[t.adminID]; r != nil {
		out.Username, _ = r["userName"].(string)
	}
	return out
}

// Save writes the tenant to Options.StatePath (a no-op without one). Writes already persist as
// they happen; Save is for callers that want a final flush.
func (s *Simulator) Save() error {
	s.tenant.mu.RLock()
	defer s.tenant.mu.RUnlock()
	return s.persist()
}

// RESTRoot returns the REST root of a simulator served at serverURL (for example an
// httptest.Server's URL): the value zoneInformation answers as "url", ending in
// "/ATServicesRest/". Clients append "V1.0/<Entity>".
func RESTRoot(serverURL string) string {
	return strings.TrimRight(serverURL, "/") + "/ATServicesRest/"
}

// ControlURL returns the control API root of a simulator served at serverURL.
func ControlURL(serverURL string) string {
	return strings.TrimRight(serverURL, "/") + "/_sim/"
}

// maxBodyBytes bounds request bodies; Autotask's own limits are far below this.
const maxBodyBytes = 10 << 20

// reqCtx carries one request through the pipeline.
type reqCtx struct {
	w          http.ResponseWriter
	r          *http.Request
	body       []byte
	op         string  // operation name for logs, e.g. "query"
	statEntity string  // entity name in statistics, thread limits and fault rules
	statOp     string  // operation name in statistics and fault rules
	entity     *entity // nil for global routes
	id         int64   // the {id} path segment
	caller     *caller // nil for unauthenticated routes
	root       string  // this zone's REST root as the client reached it
	dropped    bool    // a fault cut the connection after handling the request
}

// ServeHTTP is the request pipeline: route (404 / 405), read the body, count, admit
// (authentication, hourly threshold, thread limit, latency), inject faults, handle, log.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	rc := &reqCtx{w: sw, r: r, root: requestRoot(r)}
	defer func() {
		if p := recover(); p != nil {
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				s.logRequest(rc, sw.status, time.Since(start))
				panic(p) // net/http's way to abort a response; let it through
			}
			if !sw.wrote {
				writeError(sw, fmt.Errorf("internal error: %v", p))
			}
		}
		s.logRequest(rc, sw.status, time.Since(start))
	}()
	if err := s.serve(rc); err != nil {
		writeError(sw, err)
	}
}

func (s *Simulator) serve(rc *reqCtx) error {
	m, err := s.route(rc.r)
	if err != nil {
		return err
	}
	rc.op, rc.entity, rc.id = m.opFor(rc.r.Method), m.entity, m.id
	h := m.methods[rc.r.Method]
	if h == nil {
		return methodNotAllowed(rc.r.Method, m.allowed())
	}
	if rc.r.Body != nil {
		rc.body, err = io.ReadAll(http.MaxBytesReader(rc.w, rc.r.Body, maxBodyBytes))
		if err != nil {
			return businessError("The request body could not be read: %s.", err.Error())
		}
	}
	if m.control {
		return h(s, rc)
	}
	rc.statEntity, rc.statOp = m.stat(rc.r.Method)
	s.stats.count(rc.statEntity, rc.statOp)
	release, err := s.admit(rc, m)
	defer release()
	if err != nil {
		return err
	}
	if handled, err := s.injectFault(rc, h); handled {
		return err
	}
	return h(s, rc)
}

// admit is the one place every API request passes before its handler. It authenticates (except
// zone discovery and VersionInformation), counts the request against the hourly threshold,
// takes a thread-limit slot, and adds the configured latency while holding the slot. release
// frees the slot; it is never nil.
func (s *Simulator) admit(rc *reqCtx, m *match) (release func(), err error) {
	release = func() {}
	if m.auth {
		c, err := s.authenticate(rc.r)
		if err != nil {
			return release, err
		}
		rc.caller = c
		// Over the threshold the API refuses everything but ThresholdInformation, which is how a
		// client learns when it may resume; refused requests are not counted.
		if !s.counter.admit(s.now(), s.hourlyThreshold) && rc.statEntity != statThreshold {
			s.stats.rejectThreshold()
			return release, s.thresholdError()
		}
		if !s.stats.acquire(c.integrationCode, rc.statEntity, s.threadLimit) {
			return release, s.threadLimitError(s.threadLimitStatus)
		}
		release = func() { s.stats.release(c.integrationCode, rc.statEntity) }
	}
	if s.opts.Latency > 0 {
		if err := sleepCtx(rc.r, s.opts.Latency); err != nil {
			return release, err
		}
	}
	return release, nil
}

// requestRoot is the zone's REST root as this client reached it, so URLs the zone hands out
// (zoneInformation, nextPageUrl) work through whatever host and port the client used.
func requestRoot(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/ATServicesRest/"
}

// statusWriter records the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

// sortedEntities lists entities by route name, for global listings.
func (s *Simulator) sortedEntities() []*entity {
	out := append([]*entity(nil), s.entities...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
