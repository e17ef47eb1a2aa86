// Test inputs rendered by the real kubectl, under tests/data/kubectl/.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

inline std::string read_kubectl_data(const std::string& rel) {
  std::ifstream f(std::string(KUBESIFT_SOURCE_DIR) + "/tests/data/kubectl/" + rel,
                  std::ios::binary);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
