package api

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"scratchnet/core"
	"scratchnet/core/i18n"
)

const (
	// MaxModelBytes is the largest model file accepted: a 784-100-10 net's
	// weights (637 KB) or a 784-50-10 Adam file with its state (955 KB).
	MaxModelBytes = 1 << 20
	// MaxNameRunes bounds a board entry's display name.
	MaxNameRunes = 40
	// PageSize is the board's entries per page; MaxPage bounds the page
	// number (so an offset cannot grow without limit).
	PageSize = 20
	MaxPage  = 500
	// maxPublishBytes bounds a publish request's JSON body.
	maxPublishBytes = 4 << 10
)

// Blobs stores model files by id: R2 on the edge, a folder locally.
type Blobs interface {
	// Put stores data under key; when it returns nil the bytes are
	// durable. Putting the same key again with the same bytes is allowed.
	Put(ctx context.Context, key string, data []byte) error
	// Get returns the bytes under key, or ok false if there are none.
	Get(ctx context.Context, key string) (data []byte, ok bool, err error)
}

// Config is what the handler needs from where it runs.
type Config struct {
	DB    *sql.DB // the schema of Migrations, applied
	Blobs Blobs
	// TestSet loads MNIST's 10,000 test images (the static assets' files
	// on the edge, the site's folder locally).
	TestSet func(ctx context.Context) (*core.Dataset, error)
	// PostLimit is how many POSTs one client may make in Window
	// (DefaultPostLimit in 10 minutes if zero). A client is an IPv4 address
	// or an IPv6 /64 (what one household or school is given).
	PostLimit int
	Window    time.Duration
	// Now is the clock (time.Now if nil).
	Now func() time.Time
	// Logf reports server-side failures (log.Printf if nil).
	Logf func(format string, args ...any)
	// TrustedProxies are the addresses of reverse proxies (nginx in front
	// of make serve) whose X-Forwarded-For is believed: the client is the
	// last address in it that is not itself a trusted proxy. Nothing else
	// forwards a client's address. (On the edge, syumai/workers makes the
	// request's RemoteAddr Cloudflare's CF-Connecting-IP.)
	TrustedProxies []netip.Prefix
	// Origins are the public origins (https://your.site) whose POSTs are
	// same-origin even where a proxy has rewritten Host; a browser's
	// Sec-Fetch-Site: same-origin is believed without them.
	Origins []string
}

// DefaultPostLimit is PostLimit's default: enough for a class of thirty
// behind one school's address to each share and publish (three POSTs) in
// ten minutes, three times over; a flood is one every two seconds at most.
const DefaultPostLimit = 300

type handler struct {
	Config
	cop *http.CrossOriginProtection
}

// New returns the API handler for /api/*. It panics if an entry of
// c.Origins is not an origin (scheme://host[:port]).
func New(c Config) http.Handler {
	if c.PostLimit <= 0 {
		c.PostLimit = DefaultPostLimit
	}
	if c.Window <= 0 {
		c.Window = 10 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logf == nil {
		c.Logf = log.Printf
	}
	cop := http.NewCrossOriginProtection()
	for _, o := range c.Origins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			panic("api.New: " + err.Error())
		}
	}
	return &handler{c, cop}
}

// apiError is an error answer: a status and a catalogued message.
type apiError struct {
	status int
	msg    i18n.Message
	allow  string // for 405
	retry  int    // seconds, for 429
}

func (e *apiError) Error() string { return i18n.Format("en", e.msg) }

func fail(status int, key string, pairs ...any) *apiError {
	return &apiError{status: status, msg: i18n.M(key, pairs...)}
}

// notAllowed is a 405 for r's method, naming the methods allowed.
func notAllowed(r *http.Request, allow string) *apiError {
	return &apiError{status: http.StatusMethodNotAllowed, msg: i18n.M("api.method", "method", r.Method), allow: allow}
}

var idPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if err := h.route(w, r); err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			h.Logf("api: %s %s: %v", r.Method, r.URL.EscapedPath(), err)
			ae = fail(http.StatusInternalServerError, "api.internal")
		}
		if ae.allow != "" {
			w.Header().Set("Allow", ae.allow)
		}
		if ae.retry > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(ae.retry))
		}
		body := map[string]any{"message": ae.Error(), "key": ae.msg.Key}
		if len(ae.msg.Args) > 0 {
			body["args"] = ae.msg.Args
		}
		writeJSON(w, ae.status, body)
	}
}

// route dispatches on the raw (escaped) path, so "%2f" in an id stays in
// the id and is refused with it, and "/api/models/../x" is no route.
func (h *handler) route(w http.ResponseWriter, r *http.Request) error {
	path := r.URL.EscapedPath()
	switch {
	case path == "/api/models":
		if r.Method != http.MethodPost {
			return notAllowed(r, "POST")
		}
		return h.upload(w, r)
	case strings.HasPrefix(path, "/api/models/"):
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return notAllowed(r, "GET, HEAD")
		}
		return h.model(w, r, strings.TrimPrefix(path, "/api/models/"))
	case path == "/api/board":
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			return h.board(w, r)
		case http.MethodPost:
			return h.publish(w, r)
		}
		return notAllowed(r, "GET, HEAD, POST")
	}
	return fail(http.StatusNotFound, "api.route")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // escapes <, > and & as \u003c etc.
}

// checkPost refuses a POST from another origin (the standard library's
// cross-origin protection: a browser's Sec-Fetch-Site, else Origin against
// Host, and the trusted Origins), of the wrong content type, or over the
// client's rate limit (which it then counts).
func (h *handler) checkPost(r *http.Request, contentType string) error {
	if err := h.cop.Check(r); err != nil {
		return fail(http.StatusForbidden, "api.origin")
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != contentType {
		return fail(http.StatusUnsupportedMediaType, "api.type", "type", contentType)
	}
	return h.limit(r)
}

// clientKey is a hash of the client (Cloudflare's CF-Connecting-IP on
// the edge, the connection's address locally, or what a trusted proxy
// forwarded): an IPv4 address, or the /64 of an IPv6 one, which one
// subscriber holds whole. The database keeps no addresses.
func (h *handler) clientKey(r *http.Request) string {
	client := "unknown"
	if a, ok := h.clientAddr(r); ok {
		client = a.String()
		if a.Is6() {
			p, _ := a.Prefix(64)
			client = p.String()
		}
	}
	sum := sha256.Sum256([]byte("scratchnet-client:" + client))
	return hex.EncodeToString(sum[:12])
}

// clientAddr is the client's address: the connection's, unless that is a
// trusted proxy, then the last address of X-Forwarded-For that is not.
func (h *handler) clientAddr(r *http.Request) (netip.Addr, bool) {
	parse := func(s string) (netip.Addr, bool) {
		s = strings.TrimSpace(s)
		if ap, err := netip.ParseAddrPort(s); err == nil {
			return ap.Addr().Unmap(), true
		}
		a, err := netip.ParseAddr(strings.Trim(s, "[]"))
		return a.Unmap(), err == nil
	}
	addr, ok := parse(r.RemoteAddr)
	if !ok {
		return netip.Addr{}, false
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0 && h.trusted(addr); i-- {
		next, ok := parse(hops[i])
		if !ok {
			break // a hop that is no address: the last trusted one is the client
		}
		addr = next
	}
	return addr, true
}

func (h *handler) trusted(a netip.Addr) bool {
	for _, p := range h.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// limit counts a POST against its client's allowance in the window.
func (h *handler) limit(r *http.Request) error {
	ctx := r.Context()
	now := h.Now().UnixMilli()
	since := now - h.Window.Milliseconds()
	client := h.clientKey(r)
	if _, err := h.DB.ExecContext(ctx, `DELETE FROM posts WHERE at < ?`, since); err != nil {
		return err
	}
	var n int64
	var oldest sql.NullInt64
	if err := h.DB.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM posts WHERE client = ? AND at >= ?`, client, since).Scan(&n, &oldest); err != nil {
		return err
	}
	if n >= int64(h.PostLimit) {
		wait := int((oldest.Int64 + h.Window.Milliseconds() - now + 999) / 1000)
		return &apiError{status: http.StatusTooManyRequests, retry: max(wait, 1),
			msg: i18n.M("api.limit", "count", h.PostLimit, "minutes", int(h.Window.Minutes()))}
	}
	_, err := h.DB.ExecContext(ctx, `INSERT INTO posts (client, at) VALUES (?, ?)`, client, now)
	return err
}

// readBody reads at most limit bytes of r's body: more is a 413 (whatever
// Content-Length claimed).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, fail(http.StatusRequestEntityTooLarge, "api.tooLarge", "limit", float64(limit))
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || int64(len(data)) > limit {
		return nil, fail(http.StatusRequestEntityTooLarge, "api.tooLarge", "limit", float64(limit))
	}
	if err != nil {
		return nil, fail(http.StatusBadRequest, "api.body")
	}
	return data, nil
}

// Stored is POST /api/models' answer.
type Stored struct {
	ID   string `json:"id"`
	Link string `json:"link"` // the playground with this network: /?model=id
	Size int    `json:"size"`
}

func (h *handler) upload(w http.ResponseWriter, r *http.Request) error {
	if err := h.checkPost(r, "application/octet-stream"); err != nil {
		return err
	}
	data, err := readBody(w, r, MaxModelBytes)
	if err != nil {
		return err
	}
	m, err := core.DecodeModel(data)
	if err != nil {
		return fail(http.StatusBadRequest, "model.bad", "detail", err.Error())
	}
	if m.Header.Input != core.MNISTInput || m.Header.Output != core.MNISTClasses {
		return fail(http.StatusBadRequest, "model.shape", "input", m.Header.Input, "hidden", m.Header.Hidden, "output", m.Header.Output)
	}
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])
	ctx := r.Context()
	res := Stored{ID: id, Link: "/?model=" + id, Size: len(data)}
	var n int
	if err := h.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM models WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		writeJSON(w, http.StatusOK, res)
		return nil
	}
	// The bytes first: a models row always has its bytes.
	if err := h.Blobs.Put(ctx, id, data); err != nil {
		return err
	}
	c := m.Header.Config
	settings, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if _, err := h.DB.ExecContext(ctx, `INSERT OR IGNORE INTO models
		(id, size, activation, hidden, optimizer, train_size, iterations, settings, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, len(data), string(c.Activation), c.Hidden, string(c.Optimizer), trainSize(c), m.Header.Iterations,
		string(settings), h.Now().UnixMilli()); err != nil {
		return err
	}
	w.Header().Set("Location", "/api/models/"+id)
	writeJSON(w, http.StatusCreated, res)
	return nil
}

// trainSize is the number of training images c names (0 means all).
func trainSize(c core.Config) int {
	if c.TrainSize > 0 {
		return c.TrainSize
	}
	return core.MNISTTrain
}

// modelID checks a model id from a request: 64 lowercase hex digits.
func modelID(raw string) (string, error) {
	if !idPattern.MatchString(raw) {
		return "", fail(http.StatusBadRequest, "api.id")
	}
	return raw, nil
}

func (h *handler) model(w http.ResponseWriter, r *http.Request, raw string) error {
	id, err := modelID(raw)
	if err != nil {
		return err
	}
	data, err := h.stored(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", `"`+id+`"`)
	if r.Header.Get("If-None-Match") == `"`+id+`"` {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
	return nil
}

// stored returns a stored model's bytes: 404 if no row names it.
func (h *handler) stored(ctx context.Context, id string) ([]byte, error) {
	var n int
	if err := h.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM models WHERE id = ?`, id).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fail(http.StatusNotFound, "api.unknown")
	}
	data, ok, err := h.Blobs.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("model %s has a row but no bytes", id)
	}
	return data, nil
}

// Entry is one board entry.
type Entry struct {
	Model      string          `json:"model"`
	Name       string          `json:"name"`
	Accuracy   float64         `json:"accuracy"` // Correct / Total
	Correct    int             `json:"correct"`
	Total      int             `json:"total"`
	Activation string          `json:"activation"`
	Hidden     int             `json:"hidden"`
	Optimizer  string          `json:"optimizer"`
	TrainSize  int             `json:"trainSize"`
	Iterations int             `json:"iterations"`
	Settings   json.RawMessage `json:"settings"`  // core.Config, as JSON
	Published  int64           `json:"published"` // Unix milliseconds
}

type publishRequest struct {
	Model string `json:"model"`
	Name  string `json:"name"`
}

// checkName trims a display name and refuses an empty one, one over
// MaxNameRunes, or one with control or invalid characters.
func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) || strings.IndexFunc(name, func(r rune) bool {
		return unicode.IsControl(r) || r == utf8.RuneError || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
	}) >= 0 {
		return "", fail(http.StatusBadRequest, "api.nameChars")
	}
	if n := utf8.RuneCountInString(name); n == 0 || n > MaxNameRunes {
		return "", fail(http.StatusBadRequest, "api.nameLength", "max", MaxNameRunes)
	}
	return name, nil
}

func (h *handler) publish(w http.ResponseWriter, r *http.Request) error {
	if err := h.checkPost(r, "application/json"); err != nil {
		return err
	}
	body, err := readBody(w, r, maxPublishBytes)
	if err != nil {
		return err
	}
	var req publishRequest
	if err := core.DecodeJSONStrict(body, &req); err != nil {
		return fail(http.StatusBadRequest, "api.json", "detail", err.Error())
	}
	id, err := modelID(req.Model)
	if err != nil {
		return err
	}
	name, err := checkName(req.Name)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if e, ok, err := h.entry(ctx, id); err != nil || ok {
		if ok {
			writeJSON(w, http.StatusOK, e)
		}
		return err
	}
	data, err := h.stored(ctx, id)
	if err != nil {
		return err
	}
	m, err := core.DecodeModel(data)
	if err != nil {
		return fmt.Errorf("stored model %s: %w", id, err)
	}
	test, err := h.TestSet(ctx)
	if err != nil {
		return fmt.Errorf("test set: %w", err)
	}
	if test.N != core.MNISTTest || test.Dim != m.Net.Input {
		return fmt.Errorf("test set of %d images of %d pixels", test.N, test.Dim)
	}
	correct := int(m.Net.Accuracy(test)*float64(test.N) + 0.5)
	if _, err := h.DB.ExecContext(ctx, `INSERT OR IGNORE INTO board (model, name, correct, total, created) VALUES (?, ?, ?, ?, ?)`,
		id, name, correct, test.N, h.Now().UnixMilli()); err != nil {
		return err
	}
	e, _, err := h.entry(ctx, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

// entries selects board entries with their models' settings.
const entries = `SELECT b.model, b.name, b.correct, b.total, m.activation, m.hidden, m.optimizer, m.train_size,
	m.iterations, m.settings, b.created FROM board b JOIN models m ON m.id = b.model`

func scanEntry(row interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var settings string
	err := row.Scan(&e.Model, &e.Name, &e.Correct, &e.Total, &e.Activation, &e.Hidden, &e.Optimizer,
		&e.TrainSize, &e.Iterations, &settings, &e.Published)
	if e.Total > 0 {
		e.Accuracy = float64(e.Correct) / float64(e.Total)
	}
	e.Settings = json.RawMessage(settings)
	return e, err
}

func (h *handler) entry(ctx context.Context, id string) (Entry, bool, error) {
	e, err := scanEntry(h.DB.QueryRowContext(ctx, entries+` WHERE b.model = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, false, nil
	}
	return e, err == nil, err
}

// Board is GET /api/board's answer: a page of entries, best first (most
// correct, then earliest), and whether another page follows.
type Board struct {
	Runs []Entry `json:"runs"`
	Page int     `json:"page"`
	Next bool    `json:"next"`
}

func (h *handler) board(w http.ResponseWriter, r *http.Request) error {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return fail(http.StatusBadRequest, "api.query", "name", "?")
	}
	var where []string
	var args []any
	page := 1
	number := func(name string, lo, hi int) (int, error) {
		v, err := strconv.Atoi(q.Get(name))
		if err != nil || v < lo || v > hi {
			return 0, fail(http.StatusBadRequest, "api.query", "name", name)
		}
		return v, nil
	}
	for name, vs := range q {
		if len(vs) != 1 {
			return fail(http.StatusBadRequest, "api.query", "name", name)
		}
		v := vs[0]
		switch name {
		case "activation", "optimizer": // one of the setting's choices
			if s, _ := core.SettingByName(name); !slices.Contains(s.Options, v) {
				return fail(http.StatusBadRequest, "api.query", "name", name)
			}
			where, args = append(where, "m."+name+" = ?"), append(args, v)
		case "hidden", "trainSize": // a whole number up to the setting's bound
			s, _ := core.SettingByName(name)
			n, err := number(name, 1, int(s.Max))
			if err != nil {
				return err
			}
			column := map[string]string{"hidden": "m.hidden", "trainSize": "m.train_size"}[name]
			where, args = append(where, column+" = ?"), append(args, n)
		case "page":
			if page, err = number(name, 1, MaxPage); err != nil {
				return err
			}
		default:
			return fail(http.StatusBadRequest, "api.query", "name", name)
		}
	}
	query := entries
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += ` ORDER BY b.correct DESC, b.created, b.model LIMIT ? OFFSET ?`
	args = append(args, PageSize+1, (page-1)*PageSize)
	rows, err := h.DB.QueryContext(r.Context(), query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	b := Board{Runs: []Entry{}, Page: page}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		b.Runs = append(b.Runs, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(b.Runs) > PageSize {
		b.Runs, b.Next = b.Runs[:PageSize], true
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}
