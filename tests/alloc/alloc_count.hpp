// The bytes this test executable has asked the global operator new for so far
// (test_steady_state_alloc.cpp replaces it and counts).
#pragma once

long allocated_bytes();
