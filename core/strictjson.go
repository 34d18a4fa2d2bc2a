package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// DecodeJSONStrict decodes data, one JSON value, into v (a pointer) more
// strictly than encoding/json: every object key must be exactly the name
// of a field of the struct it fills (encoding/json also takes "FORMAT" for
// "format"), no key may appear twice, and nothing may follow the value.
// Fields absent from data keep v's values.
func DecodeJSONStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := checkKeys(dec, reflect.TypeOf(v).Elem()); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("something follows the JSON value")
	}
	dec = json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// checkKeys reads one value from dec and checks its object keys against t.
func checkKeys(dec *json.Decoder, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil // a scalar: its type is encoding/json's to check
	}
	switch d {
	case '{':
		seen := map[string]bool{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key := kt.(string)
			if seen[key] {
				return fmt.Errorf("the key %q appears twice", key)
			}
			seen[key] = true
			elem, err := fieldType(t, key)
			if err != nil {
				return err
			}
			if err := checkKeys(dec, elem); err != nil {
				return err
			}
		}
	case '[':
		var elem reflect.Type
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			elem = t.Elem()
		} else {
			elem = reflect.TypeFor[any]()
		}
		for dec.More() {
			if err := checkKeys(dec, elem); err != nil {
				return err
			}
		}
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// fieldType returns the type of t's field whose JSON name is exactly key
// (any type for a map or an interface).
func fieldType(t reflect.Type, key string) (reflect.Type, error) {
	switch t.Kind() {
	case reflect.Map:
		return t.Elem(), nil
	case reflect.Struct:
		for f := range t.Fields() {
			tag := f.Tag.Get("json")
			if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
				if ft, err := fieldType(f.Type, key); err == nil {
					return ft, nil
				}
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			if f.IsExported() && name == key && name != "-" {
				return f.Type, nil
			}
		}
		return nil, fmt.Errorf("unknown field %q", key)
	}
	return reflect.TypeFor[any](), nil
}
