package truto

import (
	"bytes"
	"encoding/json"
)

// Field is one top-level field of a request or response body. It tells apart the three states a
// PATCH needs: absent (the zero value: left out of the JSON, so the CRM leaves the field alone),
// explicit null (sent as `null`, which clears the field) and a value.
//
// Use it with the `omitzero` struct tag so that an absent field is omitted when marshalling.
type Field[T any] struct {
	value   T
	present bool
	null    bool
}

// Value returns a Field holding v.
func Value[T any](v T) Field[T] { return Field[T]{value: v, present: true} }

// Null returns a Field that marshals as an explicit JSON null.
func Null[T any]() Field[T] { return Field[T]{present: true, null: true} }

// IsZero reports whether the field is absent; `omitzero` relies on it.
func (f Field[T]) IsZero() bool { return !f.present }

// IsNull reports whether the field is present and null.
func (f Field[T]) IsNull() bool { return f.present && f.null }

// Get returns the value and whether the field holds a non-null value.
func (f Field[T]) Get() (T, bool) { return f.value, f.present && !f.null }

// MarshalJSON writes null or the value.
func (f Field[T]) MarshalJSON() ([]byte, error) {
	if f.null || !f.present {
		return []byte("null"), nil
	}
	return json.Marshal(f.value)
}

// UnmarshalJSON marks the field present; a JSON null makes it null.
func (f *Field[T]) UnmarshalJSON(b []byte) error {
	var zero T
	f.value, f.present = zero, true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		f.null = true
		return nil
	}
	f.null = false
	return json.Unmarshal(b, &f.value)
}
