package org.ordermesh.auth;

import io.vertx.core.json.JsonObject;
import org.ordermesh.platform.http.JsonBodyValidator;

/** The JSON Schemas of the auth service's request bodies. */
final class AuthSchemas {

  static final JsonBodyValidator REGISTRATION = JsonBodyValidator.of(new JsonObject("""
      {"type": "object", "required": ["email", "password", "name"], "additionalProperties": false,
       "properties": {
         "email": {"type": "string", "maxLength": 254, "pattern": "^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$"},
         "password": {"type": "string", "minLength": 10, "maxLength": 256},
         "name": {"type": "string", "minLength": 1, "maxLength": 100}}}"""));

  static final JsonBodyValidator TOKEN = JsonBodyValidator.of(new JsonObject("""
      {"type": "object", "required": ["grant_type"], "additionalProperties": false,
       "properties": {
         "grant_type": {"enum": ["password", "refresh_token", "client_credentials"]},
         "email": {"type": "string", "maxLength": 254},
         "username": {"type": "string", "maxLength": 254},
         "password": {"type": "string", "maxLength": 256},
         "refresh_token": {"type": "string", "maxLength": 128},
         "client_id": {"type": "string", "maxLength": 128},
         "client_secret": {"type": "string", "maxLength": 256},
         "scope": {"type": "string", "maxLength": 512}},
       "allOf": [
         {"if": {"properties": {"grant_type": {"const": "password"}}},
          "then": {"required": ["password"], "anyOf": [{"required": ["email"]}, {"required": ["username"]}]}},
         {"if": {"properties": {"grant_type": {"const": "refresh_token"}}}, "then": {"required": ["refresh_token"]}}]}"""));

  static final JsonBodyValidator REVOCATION = JsonBodyValidator.of(new JsonObject("""
      {"type": "object", "required": ["refresh_token"],
       "properties": {"refresh_token": {"type": "string", "maxLength": 128}, "token_type_hint": {"type": "string"}}}"""));

  static final JsonBodyValidator ROLES = JsonBodyValidator.of(new JsonObject("""
      {"type": "object", "required": ["roles"], "additionalProperties": false,
       "properties": {"roles": {"type": "array", "minItems": 1, "uniqueItems": true,
         "items": {"enum": ["customer", "admin"]}}}}"""));

  private AuthSchemas() {
  }
}
