// Calls are inlined (MLIR's inliner through the dialects' interfaces) and
// message passing expanded before differentiation; the forward function is
// left as it is.
// RUN: gnn-opt %examples/gcn.mlir --gnn-autodiff="function=gcn optimizer=adam" | FileCheck %s
// CHECK-LABEL: func.func @gcn(
// CHECK: call @gcn_norm
// CHECK-LABEL: func.func @gcn_train_step(
// CHECK-NOT: call @
// CHECK-NOT: gnn.message_passing
// CHECK: gnn.degree
// CHECK: gnn.scatter sum
// CHECK: gnn.adam_update
