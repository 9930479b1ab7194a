package autotasksim

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// apiError is a failure with the exact status and body shape a real zone uses. The API has two
// error shapes: its own {"errors":[...]} (business rules, bad credentials, bad queries, almost
// always with HTTP 500) and the ASP.NET framework's {"Message":"..."} (405, unknown routes, 401).
type apiError struct {
	status  int
	errors  []string // {"errors":[...]} when non-empty
	message string   // {"Message":"..."} otherwise
	body    any      // a fixed body instead of either shape (GET by id answers {"item":null})
	allow   []string // Allow header for 405
}

func (e *apiError) Error() string {
	if len(e.errors) > 0 {
		return fmt.Sprintf("%d: %s", e.status, strings.Join(e.errors, "; "))
	}
	return fmt.Sprintf("%d: %s", e.status, e.message)
}

// businessError is a validation or business-rule failure: HTTP 500 with {"errors":[...]}, which
// is how the real API reports them (never 400).
func businessError(format string, args ...any) *apiError {
	return &apiError{status: http.StatusInternalServerError, errors: []string{fmt.Sprintf(format, args...)}}
}

// methodNotAllowed is ASP.NET Web API's answer when a route exists but not for this verb.
func methodNotAllowed(method string, allow []string) *apiError {
	return &apiError{
		status:  http.StatusMethodNotAllowed,
		message: fmt.Sprintf("The requested resource does not support http method '%s'.", method),
		allow:   allow,
	}
}

// routeNotFound is ASP.NET Web API's answer when no route matches.
func routeNotFound(uri string) *apiError {
	return &apiError{
		status:  http.StatusNotFound,
		message: fmt.Sprintf("No HTTP resource was found that matches the request URI '%s'.", uri),
	}
}

// itemNotFound answers GET by id for an unknown id. The real body is not documented; clients key
// on the 404, and {"item":null} also satisfies those that look for a null item.
func itemNotFound() *apiError {
	return &apiError{status: http.StatusNotFound, body: map[string]any{"item": nil}}
}

// unauthorized is the 401 for a known user with a wrong secret. The real body is not documented;
// this is ASP.NET's default for a denied request.
func unauthorized() *apiError {
	return &apiError{status: http.StatusUnauthorized, message: "Authorization has been denied for this request."}
}

// writeError writes err in its wire shape; anything that is not an apiError is an internal fault.
func writeError(w http.ResponseWriter, err error) {
	var e *apiError
	if !errors.As(err, &e) {
		e = &apiError{status: http.StatusInternalServerError, errors: []string{"An unexpected error has occurred: " + err.Error()}}
	}
	var body any
	switch {
	case e.body != nil:
		body = e.body
	case len(e.errors) > 0:
		body = map[string]any{"errors": e.errors}
	default:
		body = map[string]any{"Message": e.message}
	}
	if len(e.allow) > 0 {
		w.Header().Set("Allow", strings.Join(e.allow, ", "))
	}
	writeJSON(w, e.status, body)
}

// writeJSON writes v as the API does: application/json; charset=utf-8.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"errors":["An unexpected error has occurred."]}`)
	}
	writeRaw(w, status, data)
}

func writeRaw(w http.ResponseWriter, status int, data []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
