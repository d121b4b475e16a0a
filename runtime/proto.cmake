# The executable schema (proto/executable.proto), shared by the compiler
# (gnn-translate --bsp-to-executable writes it) and the runtime (loads it).
find_package(Protobuf REQUIRED)
set(GNNRT_EXEC_PROTO_SRC ${PROJECT_SOURCE_DIR}/proto/executable.proto)
set(GNNRT_EXEC_PROTO_OUT ${PROJECT_BINARY_DIR}/proto/gnnc)
file(MAKE_DIRECTORY ${GNNRT_EXEC_PROTO_OUT})
add_custom_command(
  OUTPUT ${GNNRT_EXEC_PROTO_OUT}/executable.pb.cc
         ${GNNRT_EXEC_PROTO_OUT}/executable.pb.h
  COMMAND protobuf::protoc --proto_path=${PROJECT_SOURCE_DIR}/proto
          --cpp_out=${GNNRT_EXEC_PROTO_OUT} ${GNNRT_EXEC_PROTO_SRC}
  DEPENDS ${GNNRT_EXEC_PROTO_SRC} protobuf::protoc
  COMMENT "Generating C++ for proto/executable.proto"
  VERBATIM)
add_library(gnnrt_executable_proto STATIC
  ${GNNRT_EXEC_PROTO_OUT}/executable.pb.cc)
set_target_properties(gnnrt_executable_proto PROPERTIES
  POSITION_INDEPENDENT_CODE ON)
target_include_directories(gnnrt_executable_proto SYSTEM PUBLIC
  ${PROJECT_BINARY_DIR}/proto)
target_link_libraries(gnnrt_executable_proto PUBLIC protobuf::libprotobuf)
