// How Google's API front end answers, shared by the emulator's Google routes (OAuth, Resource
// Manager, Compute Engine): CORS, the JSON error envelope, and faults in Google's words.
#pragma once

#include <httplib.h>

#include <string>

#include <nlohmann/json.hpp>

#include "faults.hpp"

// Google's API front end reflects the Origin and varies on it; without an Origin it sends no
// CORS headers at all.
void google_cors(const httplib::Request& req, httplib::Response& res);
void google_preflight(const httplib::Request& req, httplib::Response& res);

// {"error": {"code", "message", "status", "details"?}}; `extra` members are merged into "error"
// (Compute Engine's legacy "errors" list).
void api_error(httplib::Response& res, int code, const std::string& message,
               const std::string& status, const nlohmann::json& details = nlohmann::json::array(),
               const nlohmann::json& extra = nlohmann::json::object());

FaultStyle google_fault_style();
