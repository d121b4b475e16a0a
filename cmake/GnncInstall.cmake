# Install rules and the CMake package of gnnc (docs/Embedding.md).
#
#   cmake --install build --prefix P
#
# installs the public headers (gnnc/Compiler.h, gnnc/gnnc.h, gnnrt/...,
# the generated gnnc/*.pb.h), the static libraries of this project that the
# embedding API needs, and P/lib/cmake/gnnc/gnncConfig.cmake, so that another
# project can
#
#   find_package(gnnc REQUIRED)                       # CMAKE_PREFIX_PATH=P
#   target_link_libraries(app PRIVATE gnnc::gnnc)     # compiler + runtime
#   target_link_libraries(rt PRIVATE gnnc::runtime)   # MLIR-free runtime only
#
# The package has two export sets, each with the real targets (namespace
# gnnc::), so that static libraries keep their transitive link interfaces:
#   gnncRuntimeTargets.cmake  MLIR-free: gnnrt, gnnrt_sim, gnnrt_exec,
#                             gnnrt_executable_proto, gnnrt_data, and the
#                             umbrella gnnc::runtime
#   gnncTargets.cmake         the compiler libraries, which link Debian's
#                             MLIR/LLVM libraries by their imported targets,
#                             and the umbrella gnnc::gnnc
# add_mlir_library already installs every MLIR library of ours into the export
# set MLIRTargets (AddMLIR.cmake: add_mlir_library_install); gnncTargets.cmake
# is that set. The MLIR, LLVM, absl and protobuf libraries come from the
# system: gnncConfig.cmake finds them with find_dependency.
#
# The tools (gnn-opt, gnn-translate, gnn-run) are an optional component:
#   cmake --install build --prefix P --component gnnc-tools

include(CMakePackageConfigHelpers)

# The package version is the compiler's (compilerVersion() in
# lib/API/Compiler.cpp: "gnnc <major>.<minor> (<revision>)").
file(STRINGS ${PROJECT_SOURCE_DIR}/lib/API/Compiler.cpp GNNC_VERSION_LINE
     REGEX "\"gnnc [0-9]+\\.[0-9]+ \\(")
if(GNNC_VERSION_LINE MATCHES "\"gnnc ([0-9]+\\.[0-9]+) \\(")
  set(GNNC_VERSION "${CMAKE_MATCH_1}")
else()
  message(FATAL_ERROR "no \"gnnc <major>.<minor> (\" in lib/API/Compiler.cpp")
endif()
set(GNNC_INSTALL_CMAKEDIR lib/cmake/gnnc)

# Targets defined with build-tree include directories (source or binary
# folders) get them as $<BUILD_INTERFACE:...>, and the installed include/ as
# $<INSTALL_INTERFACE:...>, so that they can be exported (SYSTEM ones only in
# the build).
function(gnnc_export_include_directories)
  foreach(target ${ARGN})
    foreach(property INTERFACE_INCLUDE_DIRECTORIES
                     INTERFACE_SYSTEM_INCLUDE_DIRECTORIES)
      get_target_property(dirs ${target} ${property})
      if(NOT dirs)
        continue()
      endif()
      set(wrapped)
      foreach(dir ${dirs})
        if(dir MATCHES "^\\$<")
          list(APPEND wrapped "${dir}")
        else()
          list(APPEND wrapped "$<BUILD_INTERFACE:${dir}>")
        endif()
      endforeach()
      if(property STREQUAL "INTERFACE_INCLUDE_DIRECTORIES")
        list(APPEND wrapped "$<INSTALL_INTERFACE:include>")
      endif()
      list(REMOVE_DUPLICATES wrapped)
      set_property(TARGET ${target} PROPERTY ${property} "${wrapped}")
    endforeach()
  endforeach()
endfunction()

# The MLIR-free runtime.
set(GNNC_RUNTIME_TARGETS
  gnnrt gnnrt_sim gnnrt_exec gnnrt_executable_proto gnnrt_data)
# Plain (non-add_mlir_library) libraries the compiler libraries link.
set(GNNC_COMPILER_PLAIN_TARGETS GnncPartition GnncModelProto)

gnnc_export_include_directories(
  ${GNNC_RUNTIME_TARGETS} ${GNNC_COMPILER_PLAIN_TARGETS})
# The MLIR libraries get their include paths from include_directories() of
# the build; the installed API needs only include/.
target_include_directories(GnncAPI INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:include>)

# Umbrella targets: gnnc::runtime and gnnc::gnnc (ALIASes in this build, the
# same names in the package).
add_library(GnncPackageRuntime INTERFACE)
target_link_libraries(GnncPackageRuntime INTERFACE gnnrt_exec)
# absl is built as C++17 (absl::string_view is std::string_view).
target_compile_features(GnncPackageRuntime INTERFACE cxx_std_17)
set_target_properties(GnncPackageRuntime PROPERTIES EXPORT_NAME runtime)
add_library(gnnc::runtime ALIAS GnncPackageRuntime)

add_library(GnncPackageCompiler INTERFACE)
target_link_libraries(GnncPackageCompiler INTERFACE GnncAPI GnncPackageRuntime)
set_target_properties(GnncPackageCompiler PROPERTIES EXPORT_NAME gnnc)
add_library(gnnc::gnnc ALIAS GnncPackageCompiler)

install(TARGETS ${GNNC_RUNTIME_TARGETS} GnncPackageRuntime
  EXPORT gnncRuntimeTargets
  ARCHIVE DESTINATION lib COMPONENT gnnc-dev
  LIBRARY DESTINATION lib COMPONENT gnnc-dev)
install(TARGETS ${GNNC_COMPILER_PLAIN_TARGETS} GnncPackageCompiler
  EXPORT MLIRTargets
  ARCHIVE DESTINATION lib COMPONENT gnnc-dev
  LIBRARY DESTINATION lib COMPONENT gnnc-dev)

install(EXPORT gnncRuntimeTargets
  NAMESPACE gnnc::
  FILE gnncRuntimeTargets.cmake
  DESTINATION ${GNNC_INSTALL_CMAKEDIR}
  COMPONENT gnnc-dev)
install(EXPORT MLIRTargets
  NAMESPACE gnnc::
  FILE gnncTargets.cmake
  DESTINATION ${GNNC_INSTALL_CMAKEDIR}
  COMPONENT gnnc-dev)

# Headers: the embedding API, the whole runtime, and the generated protobuf
# headers (gnnc/executable.pb.h, gnnc/model.pb.h).
install(FILES
  ${PROJECT_SOURCE_DIR}/include/gnnc/Compiler.h
  ${PROJECT_SOURCE_DIR}/include/gnnc/gnnc.h
  ${PROJECT_BINARY_DIR}/proto/gnnc/executable.pb.h
  ${PROJECT_BINARY_DIR}/proto/gnnc/model.pb.h
  DESTINATION include/gnnc
  COMPONENT gnnc-dev)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/gnnrt
  DESTINATION include
  COMPONENT gnnc-dev
  FILES_MATCHING PATTERN "*.h")
install(FILES
  ${PROJECT_SOURCE_DIR}/proto/executable.proto
  ${PROJECT_SOURCE_DIR}/proto/model.proto
  DESTINATION share/gnnc/proto
  COMPONENT gnnc-dev)

# The package configuration and its version file.
set(GNNC_MLIR_DIR "${MLIR_DIR}")
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/gnncConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/gnncConfig.cmake
  INSTALL_DESTINATION ${GNNC_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/gnncConfigVersion.cmake
  VERSION ${GNNC_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/gnncConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/gnncConfigVersion.cmake
  DESTINATION ${GNNC_INSTALL_CMAKEDIR}
  COMPONENT gnnc-dev)

# test/Integration/Embedding installs this build: `ninja check-gnnc-lit`
# builds what the install copies (`ninja` alone builds all of it anyway).
if(TARGET check-gnnc-lit)
  add_dependencies(check-gnnc-lit GnncAPI ${GNNC_RUNTIME_TARGETS})
endif()

# Optional: the tools.
install(TARGETS gnn-opt gnn-translate gnn-run
  RUNTIME DESTINATION bin
  COMPONENT gnnc-tools
  EXCLUDE_FROM_ALL)
