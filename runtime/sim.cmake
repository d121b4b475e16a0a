# The BSP simulator core (gnnrt::sim): in-memory tile programs mirroring the
# bsp dialect, per-tile memory, codelets and the cycle model. MLIR-free.
add_library(gnnrt_sim STATIC
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/Program.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/Codelets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsCommon.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsDense.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsReduce.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsRows.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsSerial.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsColumns.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsHalo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CodeletsTrain.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/CostModel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lib/sim/Simulator.cpp
)
target_include_directories(gnnrt_sim PUBLIC ${CMAKE_CURRENT_LIST_DIR}/include)
target_link_libraries(gnnrt_sim PUBLIC gnnrt
  absl::status absl::statusor absl::strings absl::str_format absl::span)
target_link_libraries(gnnrt_sim PUBLIC Threads::Threads)
# Codelets must match the reference kernels bit for bit.
target_compile_options(gnnrt_sim PRIVATE -ffp-contract=off)
