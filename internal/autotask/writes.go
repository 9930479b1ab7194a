package autotask

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Generic writes. The provider writes through the typed methods of each entity (resources.go,
// security_levels.go), whose bodies carry the wire names; tests write any body with these.

type itemID struct {
	ItemID int64 `json:"itemId"`
}

// Create POSTs a new item and returns its id. It is never retried once it may have reached the
// zone: on an uncertain error (IsUncertain) look the item up before trying again.
func (c *Client) Create(ctx context.Context, entity string, body any) (int64, error) {
	var out itemID
	err := c.do(ctx, call{method: http.MethodPost, path: "V1.0/" + entity, entity: entity, operation: "create", body: body, write: true}, &out)
	if err == nil && out.ItemID == 0 {
		// A 2xx without an id: the item was probably made, but we cannot tell which it is.
		err = &Error{Entity: entity, Operation: "create", Uncertain: true, cause: errors.New("the zone answered without the new item's id")}
	}
	return out.ItemID, err
}

// Patch updates the fields in body (which carries "id"), leaving the others as they are.
func (c *Client) Patch(ctx context.Context, entity string, body any) (int64, error) {
	var out itemID
	err := c.do(ctx, call{method: http.MethodPatch, path: "V1.0/" + entity, entity: entity, operation: "update", body: body, write: true}, &out)
	return out.ItemID, err
}

// Delete removes an item.
func (c *Client) Delete(ctx context.Context, entity string, id int64) error {
	return c.do(ctx, call{method: http.MethodDelete, path: fmt.Sprintf("V1.0/%s/%d", entity, id), entity: entity, operation: "delete", write: true}, nil)
}
