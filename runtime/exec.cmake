# Executable loading and the host API (gnnrt::exec): loads gnnc executables
# (proto/executable.proto) into validated sim::Programs and runs them with a
# Session. MLIR-free.
add_library(gnnrt_exec STATIC
  ${CMAKE_CURRENT_LIST_DIR}/lib/exec/Executable.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/exec/Session.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/exec/BatchBinding.cpp
)
target_include_directories(gnnrt_exec PUBLIC ${CMAKE_CURRENT_LIST_DIR}/include)
target_link_libraries(gnnrt_exec PUBLIC gnnrt_sim gnnrt_data gnnrt_executable_proto
  absl::status absl::statusor absl::strings absl::str_format absl::span)
