// RUN: gnn-opt %s | gnn-opt | FileCheck %s
// RUN: gnn-opt %s --mlir-print-op-generic | gnn-opt | FileCheck %s

// Round trip of every gnn op in its custom form (and through the generic form).

// CHECK: gnn.parameter @conv1.weight : tensor<4x3xf32> init glorot_uniform {seed = 7 : i64}
gnn.parameter @conv1.weight : tensor<4x3xf32> init glorot_uniform {seed = 7 : i64}
// CHECK: gnn.parameter @conv1.bias : tensor<4xf32> init zeros
gnn.parameter @conv1.bias : tensor<4xf32> init zeros
// CHECK: gnn.parameter @lin.weight : tensor<2x4xf32> init kaiming_uniform
gnn.parameter @lin.weight : tensor<2x4xf32> init kaiming_uniform
// CHECK: gnn.parameter @lin.bias : tensor<2xf32> init uniform {high = 5.000000e-01 : f64, low = -5.000000e-01 : f64}
gnn.parameter @lin.bias : tensor<2xf32> init uniform {low = -0.5 : f64, high = 0.5 : f64}
// CHECK: gnn.parameter @emb : tensor<3x2xf32> init normal {mean = 0.000000e+00 : f64, std = 1.000000e+00 : f64}
gnn.parameter @emb : tensor<3x2xf32> init normal {mean = 0.0 : f64, std = 1.0 : f64}
// CHECK: gnn.parameter @scale : tensor<2xf32> init constant {value = 2.500000e-01 : f64}
gnn.parameter @scale : tensor<2xf32> init constant {value = 0.25 : f64}
// CHECK: gnn.parameter @bn.gamma : tensor<4xf32> init ones
gnn.parameter @bn.gamma : tensor<4xf32> init ones
// CHECK: gnn.parameter @bn.mean : tensor<4xf32> init value {frozen, initial_value = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<4xf32>}
gnn.parameter @bn.mean : tensor<4xf32> init value {initial_value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>, frozen}

// CHECK-LABEL: func.func @params_and_constants
func.func @params_and_constants() -> (tensor<4x3xf32>, tensor<i64>, tensor<2xf32>) {
  // CHECK: %[[W:.*]] = gnn.get_parameter @conv1.weight : tensor<4x3xf32>
  %w = gnn.get_parameter @conv1.weight : tensor<4x3xf32>
  // CHECK: %[[C:.*]] = gnn.constant dense<-100> : tensor<i64>
  %c = gnn.constant dense<-100> : tensor<i64>
  // CHECK: gnn.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %v = gnn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // CHECK: return %[[W]], %[[C]]
  return %w, %c, %v : tensor<4x3xf32>, tensor<i64>, tensor<2xf32>
}

// CHECK-LABEL: func.func @graph_primitives
// CHECK-SAME: (%[[X:.*]]: tensor<5x3xf32>, %[[SRC:.*]]: tensor<8xi64>, %[[DST:.*]]: tensor<8xi64>, %[[W:.*]]: tensor<8xf32>, %[[S:.*]]: tensor<8x2xf32>)
func.func @graph_primitives(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>, %w: tensor<8xf32>, %s: tensor<8x2xf32>)
    -> (tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<8x2xf32>) {
  // CHECK: %[[XJ:.*]] = gnn.gather %[[X]][%[[SRC]]] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x3xf32>
  %xj = gnn.gather %x[%src] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x3xf32>
  // CHECK: gnn.scatter sum %[[XJ]], %[[DST]] : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
  %a = gnn.scatter sum %xj, %dst : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
  // CHECK: gnn.scatter mean
  %b = gnn.scatter mean %xj, %dst : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
  // CHECK: gnn.scatter max
  %c = gnn.scatter max %xj, %dst : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
  // CHECK: gnn.scatter min
  %d = gnn.scatter min %xj, %dst : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
  // CHECK: gnn.degree %[[DST]] : (tensor<8xi64>) -> tensor<5xf32>
  %deg = gnn.degree %dst : (tensor<8xi64>) -> tensor<5xf32>
  // CHECK: gnn.degree %[[DST]] weights %[[W]] : (tensor<8xi64>, tensor<8xf32>) -> tensor<5xf32>
  %wdeg = gnn.degree %dst weights %w : (tensor<8xi64>, tensor<8xf32>) -> tensor<5xf32>
  // CHECK: gnn.segment_softmax %[[S]], %[[DST]] segments 5 : (tensor<8x2xf32>, tensor<8xi64>) -> tensor<8x2xf32>
  %alpha = gnn.segment_softmax %s, %dst segments 5 : (tensor<8x2xf32>, tensor<8xi64>) -> tensor<8x2xf32>
  return %a, %b, %c, %d, %deg, %wdeg, %alpha : tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<8x2xf32>
}

// CHECK-LABEL: func.func @message_passing
func.func @message_passing(%x: tensor<5x3xf32>, %h: tensor<5x3xf32>, %src: tensor<8xi32>, %dst: tensor<8xi32>, %w: tensor<8x1xf32>) -> tensor<5x3xf32> {
  // CHECK: gnn.message_passing max edges(%{{.*}}, %{{.*}} : tensor<8xi32>, tensor<8xi32>) sources(%{{.*}} : tensor<5x3xf32>) targets(%{{.*}} : tensor<5x3xf32>) edge_data(%{{.*}} : tensor<8x1xf32>) -> tensor<5x3xf32> {
  // CHECK-NEXT: ^bb0(%[[XJ:.*]]: tensor<8x3xf32>, %[[XI:.*]]: tensor<8x3xf32>, %[[WE:.*]]: tensor<8x1xf32>):
  // CHECK: gnn.yield %{{.*}} : tensor<8x3xf32>
  %out = gnn.message_passing max edges(%src, %dst : tensor<8xi32>, tensor<8xi32>)
      sources(%x : tensor<5x3xf32>) targets(%h : tensor<5x3xf32>) edge_data(%w : tensor<8x1xf32>)
      -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>, %xi: tensor<8x3xf32>, %we: tensor<8x1xf32>):
    %diff = gnn.sub %xj, %xi : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
    %m = gnn.mul %diff, %we : (tensor<8x3xf32>, tensor<8x1xf32>) -> tensor<8x3xf32>
    gnn.yield %m : tensor<8x3xf32>
  }
  return %out : tensor<5x3xf32>
}

// CHECK-LABEL: func.func @message_passing_sources_only
func.func @message_passing_sources_only(%x: tensor<6x2xf32>, %src: tensor<4xi64>, %dst: tensor<4xi64>) -> tensor<3x2xf32> {
  // CHECK: gnn.message_passing mean edges(%{{.*}}, %{{.*}} : tensor<4xi64>, tensor<4xi64>) sources(%{{.*}} : tensor<6x2xf32>) -> tensor<3x2xf32>
  %out = gnn.message_passing mean edges(%src, %dst : tensor<4xi64>, tensor<4xi64>)
      sources(%x : tensor<6x2xf32>) -> tensor<3x2xf32> {
  ^bb0(%xj: tensor<4x2xf32>):
    gnn.yield %xj : tensor<4x2xf32>
  }
  return %out : tensor<3x2xf32>
}

// CHECK-LABEL: func.func @dense
func.func @dense(%x: tensor<5x3xf32>, %w: tensor<4x3xf32>, %b: tensor<4xf32>, %m: tensor<3x2xf32>, %s: tensor<f32>, %off: tensor<i64>)
    -> (tensor<5x4xf32>, tensor<5x4xf32>, tensor<5x2xf32>, tensor<5x3xf32>) {
  // CHECK: gnn.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<5x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<5x4xf32>
  %y = gnn.linear %x, %w, %b : (tensor<5x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<5x4xf32>
  // CHECK: gnn.linear %{{.*}}, %{{.*}} : (tensor<5x3xf32>, tensor<4x3xf32>) -> tensor<5x4xf32>
  %y2 = gnn.linear %x, %w : (tensor<5x3xf32>, tensor<4x3xf32>) -> tensor<5x4xf32>
  // CHECK: gnn.matmul
  %mm = gnn.matmul %x, %m : (tensor<5x3xf32>, tensor<3x2xf32>) -> tensor<5x2xf32>
  // CHECK: gnn.add
  %e0 = gnn.add %x, %s : (tensor<5x3xf32>, tensor<f32>) -> tensor<5x3xf32>
  // CHECK: gnn.sub
  %e1 = gnn.sub %e0, %x : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  // CHECK: gnn.mul
  %e2 = gnn.mul %e1, %x : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  // CHECK: gnn.div
  %e3 = gnn.div %e2, %s : (tensor<5x3xf32>, tensor<f32>) -> tensor<5x3xf32>
  // CHECK: gnn.max
  %e4 = gnn.max %e3, %x : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  // CHECK: gnn.min
  %e5 = gnn.min %e4, %x : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  // CHECK: gnn.relu %{{.*}} : tensor<5x3xf32>
  %u0 = gnn.relu %e5 : tensor<5x3xf32>
  // CHECK: gnn.sigmoid
  %u1 = gnn.sigmoid %u0 : tensor<5x3xf32>
  // CHECK: gnn.tanh
  %u2 = gnn.tanh %u1 : tensor<5x3xf32>
  // CHECK: gnn.exp
  %u3 = gnn.exp %u2 : tensor<5x3xf32>
  // CHECK: gnn.log
  %u4 = gnn.log %u3 : tensor<5x3xf32>
  // CHECK: gnn.neg
  %u5 = gnn.neg %u4 : tensor<5x3xf32>
  // CHECK: gnn.sqrt
  %u6 = gnn.sqrt %u5 : tensor<5x3xf32>
  // CHECK: gnn.abs
  %u7 = gnn.abs %u6 : tensor<5x3xf32>
  // CHECK: gnn.leaky_relu %{{.*}} {negative_slope = 2.000000e-01 : f64} : tensor<5x3xf32>
  %u8 = gnn.leaky_relu %u7 {negative_slope = 0.2 : f64} : tensor<5x3xf32>
  // CHECK: gnn.leaky_relu %{{.*}} : tensor<5x3xf32>
  %u9 = gnn.leaky_relu %u8 : tensor<5x3xf32>
  // CHECK: gnn.elu %{{.*}} : tensor<5x3xf32>
  %u10 = gnn.elu %u9 : tensor<5x3xf32>
  // CHECK: gnn.pow %{{.*}} {exponent = -5.000000e-01 : f64, inf_to_zero} : tensor<5x3xf32>
  %u11 = gnn.pow %u10 {exponent = -0.5 : f64, inf_to_zero} : tensor<5x3xf32>
  // CHECK: gnn.dropout %{{.*}} {p = 5.000000e-01 : f64, seed = 3 : i64} : (tensor<5x3xf32>) -> tensor<5x3xf32>
  %d0 = gnn.dropout %u11 {p = 0.5 : f64, seed = 3 : i64} : (tensor<5x3xf32>) -> tensor<5x3xf32>
  // CHECK: gnn.dropout %{{.*}} offset %{{.*}} {p = 1.000000e-01 : f64} : (tensor<5x3xf32>, tensor<i64>) -> tensor<5x3xf32>
  %d1 = gnn.dropout %d0 offset %off {p = 0.1 : f64} : (tensor<5x3xf32>, tensor<i64>) -> tensor<5x3xf32>
  // CHECK: gnn.dropout %{{.*}} offset %{{.*}} positions %{{.*}} {p = 5.000000e-01 : f64} : (tensor<5x3xf32>, tensor<i64>, tensor<5x3xi64>) -> tensor<5x3xf32>
  %pos = gnn.constant dense<7> : tensor<5x3xi64>
  %d2 = gnn.dropout %d1 offset %off positions %pos {p = 0.5 : f64} : (tensor<5x3xf32>, tensor<i64>, tensor<5x3xi64>) -> tensor<5x3xf32>
  // CHECK: gnn.dropout %{{.*}} positions %{{.*}} {p = 5.000000e-01 : f64} : (tensor<5x3xf32>, tensor<5x3xi64>) -> tensor<5x3xf32>
  %d3 = gnn.dropout %d2 positions %pos {p = 0.5 : f64} : (tensor<5x3xf32>, tensor<5x3xi64>) -> tensor<5x3xf32>
  // CHECK: gnn.softmax %{{.*}} axis 1 : tensor<5x3xf32>
  %sm = gnn.softmax %d3 axis 1 : tensor<5x3xf32>
  // CHECK: gnn.log_softmax %{{.*}} axis -1 : tensor<5x3xf32>
  %lsm = gnn.log_softmax %sm axis -1 : tensor<5x3xf32>
  return %y, %y2, %mm, %lsm : tensor<5x4xf32>, tensor<5x4xf32>, tensor<5x2xf32>, tensor<5x3xf32>
}

// CHECK-LABEL: func.func @shapes_and_selection
func.func @shapes_and_selection(%x: tensor<5x3xf32>, %y: tensor<5x2xf32>, %mask: tensor<5xi1>, %labels: tensor<5xi64>)
    -> (tensor<5x5xf32>, tensor<5x2xf32>, tensor<5xi64>, tensor<5xf32>, tensor<f32>, tensor<3xf32>) {
  // CHECK: gnn.concat %{{.*}}, %{{.*}} axis 1 : (tensor<5x3xf32>, tensor<5x2xf32>) -> tensor<5x5xf32>
  %c = gnn.concat %x, %y axis 1 : (tensor<5x3xf32>, tensor<5x2xf32>) -> tensor<5x5xf32>
  // CHECK: gnn.slice %{{.*}} axis 1 offset 1 : tensor<5x3xf32> -> tensor<5x2xf32>
  %s = gnn.slice %x axis 1 offset 1 : tensor<5x3xf32> -> tensor<5x2xf32>
  // CHECK: %[[IGN:.*]] = gnn.constant dense<-100> : tensor<i64>
  %ignore = gnn.constant dense<-100> : tensor<i64>
  // CHECK: gnn.where %{{.*}}, %{{.*}}, %[[IGN]] : (tensor<5xi1>, tensor<5xi64>, tensor<i64>) -> tensor<5xi64>
  %yl = gnn.where %mask, %labels, %ignore : (tensor<5xi1>, tensor<5xi64>, tensor<i64>) -> tensor<5xi64>
  // CHECK: gnn.reshape %{{.*}} : tensor<5x3xf32> -> tensor<15xf32>
  %flat = gnn.reshape %x : tensor<5x3xf32> -> tensor<15xf32>
  // CHECK: gnn.cast %{{.*}} : tensor<5xi1> to tensor<5xf32>
  %mf = gnn.cast %mask : tensor<5xi1> to tensor<5xf32>
  // CHECK: gnn.reduce sum %{{.*}} dims [0] : tensor<5xf32> -> tensor<f32>
  %n = gnn.reduce sum %mf dims [0] : tensor<5xf32> -> tensor<f32>
  // CHECK: gnn.reduce max %{{.*}} dims [0] : tensor<5x3xf32> -> tensor<3xf32>
  %mx = gnn.reduce max %x dims [0] : tensor<5x3xf32> -> tensor<3xf32>
  return %c, %s, %yl, %mf, %n, %mx : tensor<5x5xf32>, tensor<5x2xf32>, tensor<5xi64>, tensor<5xf32>, tensor<f32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<5x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<5x4xf32> {
  // CHECK: gnn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {training} : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  %y, %nm, %nv = gnn.batch_norm %x, %g, %b, %m, %v {training} : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  // CHECK: gnn.batch_norm %{{.*}} {eps = 1.000000e-03 : f64, momentum = 2.000000e-01 : f64} :
  %y2, %nm2, %nv2 = gnn.batch_norm %y, %g, %b, %nm, %nv {eps = 1.0e-3 : f64, momentum = 0.2 : f64} : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %y2 : tensor<5x4xf32>
}

// CHECK-LABEL: func.func @readout_and_losses
func.func @readout_and_losses(%h: tensor<6x3xf32>, %batch: tensor<6xi64>, %labels: tensor<6xi64>, %mask: tensor<6xi1>, %t: tensor<6x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>) {
  // CHECK: gnn.global_pool mean %{{.*}}, %{{.*}} : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<2x3xf32>
  %g0 = gnn.global_pool mean %h, %batch : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<2x3xf32>
  // CHECK: gnn.global_pool sum
  %g1 = gnn.global_pool sum %h, %batch : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<2x3xf32>
  // CHECK: gnn.global_pool max
  %g2 = gnn.global_pool max %h, %batch : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<2x3xf32>
  // CHECK: gnn.cross_entropy mean %{{.*}}, %{{.*}} : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<f32>
  %l0 = gnn.cross_entropy mean %h, %labels : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<f32>
  // CHECK: gnn.cross_entropy sum %{{.*}}, %{{.*}} mask %{{.*}} {ignore_index = -1 : i64} : (tensor<6x3xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<f32>
  %l1 = gnn.cross_entropy sum %h, %labels mask %mask {ignore_index = -1 : i64} : (tensor<6x3xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<f32>
  // CHECK: gnn.nll_loss mean %{{.*}}, %{{.*}} mask %{{.*}} : (tensor<6x3xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<f32>
  %l2 = gnn.nll_loss mean %h, %labels mask %mask : (tensor<6x3xf32>, tensor<6xi64>, tensor<6xi1>) -> tensor<f32>
  // CHECK: gnn.mse_loss mean %{{.*}}, %{{.*}} : (tensor<6x3xf32>, tensor<6x3xf32>) -> tensor<f32>
  %l3 = gnn.mse_loss mean %h, %t : (tensor<6x3xf32>, tensor<6x3xf32>) -> tensor<f32>
  // CHECK: gnn.l1_loss sum %{{.*}}, %{{.*}} mask %{{.*}} : (tensor<6x3xf32>, tensor<6x3xf32>, tensor<6xi1>) -> tensor<f32>
  %l4 = gnn.l1_loss sum %h, %t mask %mask : (tensor<6x3xf32>, tensor<6x3xf32>, tensor<6xi1>) -> tensor<f32>
  return %g0, %g1, %g2, %l0, %l1, %l2, %l3, %l4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>
}

// Dynamic dimensions are accepted wherever the op does not need a static size.
// CHECK-LABEL: func.func @dynamic_rows
func.func @dynamic_rows(%x: tensor<?x3xf32>, %src: tensor<?xi64>, %dst: tensor<?xi64>) -> tensor<7x3xf32> {
  // CHECK: gnn.gather %{{.*}}[%{{.*}}] : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<?x3xf32>
  %xj = gnn.gather %x[%src] : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<?x3xf32>
  %a = gnn.scatter sum %xj, %dst : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<7x3xf32>
  return %a : tensor<7x3xf32>
}

// Masks on every reduction, and reductions whose size is inferred at run time.
// CHECK-LABEL: func.func @masked_and_inferred
func.func @masked_and_inferred(%m: tensor<8x3xf32>, %x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>, %em: tensor<8xi1>, %nm: tensor<5xi1>, %b: tensor<5xi64>, %c: tensor<3xf32>)
    -> (tensor<?x3xf32>, tensor<?xf32>, tensor<8x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<5x3xf32>, tensor<3xf32>) {
  // CHECK: gnn.scatter mean %{{.*}}, %{{.*}} mask %{{.*}} : (tensor<8x3xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<?x3xf32>
  %s = gnn.scatter mean %m, %dst mask %em : (tensor<8x3xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<?x3xf32>
  // CHECK: gnn.degree %{{.*}} mask %{{.*}} : (tensor<8xi64>, tensor<8xi1>) -> tensor<?xf32>
  %d = gnn.degree %dst mask %em : (tensor<8xi64>, tensor<8xi1>) -> tensor<?xf32>
  // CHECK: gnn.segment_softmax %{{.*}}, %{{.*}} mask %{{.*}} segments 5
  %a = gnn.segment_softmax %m, %dst mask %em segments 5 : (tensor<8x3xf32>, tensor<8xi64>, tensor<8xi1>) -> tensor<8x3xf32>
  // CHECK: edge_mask(%{{.*}} : tensor<8xi1>) -> tensor<?x3xf32>
  %mp = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>)
      sources(%x : tensor<5x3xf32>) edge_mask(%em : tensor<8xi1>) -> tensor<?x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>):
    gnn.yield %xj : tensor<8x3xf32>
  }
  // CHECK: gnn.global_pool max %{{.*}}, %{{.*}} mask %{{.*}} : (tensor<5x3xf32>, tensor<5xi64>, tensor<5xi1>) -> tensor<?x3xf32>
  %g = gnn.global_pool max %x, %b mask %nm : (tensor<5x3xf32>, tensor<5xi64>, tensor<5xi1>) -> tensor<?x3xf32>
  // CHECK: gnn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} mask %{{.*}} {training}
  %y, %rm, %rv = gnn.batch_norm %x, %c, %c, %c, %c mask %nm {training} : (tensor<5x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<5xi1>) -> (tensor<5x3xf32>, tensor<3xf32>, tensor<3xf32>)
  // CHECK: gnn.reduce mean %{{.*}} dims [0] mask %{{.*}} : tensor<5xi1> : tensor<5x3xf32> -> tensor<3xf32>
  %r = gnn.reduce mean %x dims [0] mask %nm : tensor<5xi1> : tensor<5x3xf32> -> tensor<3xf32>
  return %s, %d, %a, %mp, %g, %y, %r : tensor<?x3xf32>, tensor<?xf32>, tensor<8x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<5x3xf32>, tensor<3xf32>
}

// Dynamic ops and the boolean logic the static forms use.
// CHECK-LABEL: func.func @dynamic_ops_and_logic
func.func @dynamic_ops_and_logic(%x: tensor<5x3xf32>, %m: tensor<5xi1>, %src: tensor<8xi64>, %dst: tensor<8xi64>, %w: tensor<8xf32>)
    -> (tensor<?x3xf32>, tensor<13xi64>, tensor<?xf32>, tensor<8xi1>, tensor<5xi64>) {
  // CHECK: gnn.boolean_index %{{.*}}[%{{.*}}] : (tensor<5x3xf32>, tensor<5xi1>) -> tensor<?x3xf32>
  %sel = gnn.boolean_index %x[%m] : (tensor<5x3xf32>, tensor<5xi1>) -> tensor<?x3xf32>
  // CHECK: gnn.add_self_loops all %{{.*}}, %{{.*}} nodes %{{.*}} : (tensor<8xi64>, tensor<8xi64>, tensor<5x3xf32>) -> (tensor<13xi64>, tensor<13xi64>)
  %s1, %d1 = gnn.add_self_loops all %src, %dst nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<5x3xf32>) -> (tensor<13xi64>, tensor<13xi64>)
  // CHECK: gnn.add_self_loops remaining %{{.*}}, %{{.*}} weights %{{.*}} nodes %{{.*}} {fill_value = 2.000000e+00 : f64}
  %s2, %d2, %w2 = gnn.add_self_loops remaining %src, %dst weights %w nodes %x {fill_value = 2.0 : f64} : (tensor<8xi64>, tensor<8xi64>, tensor<8xf32>, tensor<5x3xf32>) -> (tensor<?xi64>, tensor<?xi64>, tensor<?xf32>)
  // CHECK: gnn.cmp ne
  %ne = gnn.cmp ne %src, %dst : (tensor<8xi64>, tensor<8xi64>) -> tensor<8xi1>
  // CHECK: gnn.cmp ge
  %ge = gnn.cmp ge %w, %w : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xi1>
  // CHECK: gnn.and
  %a = gnn.and %ne, %ge : (tensor<8xi1>, tensor<8xi1>) -> tensor<8xi1>
  // CHECK: gnn.or
  %o = gnn.or %a, %ne : (tensor<8xi1>, tensor<8xi1>) -> tensor<8xi1>
  // CHECK: gnn.xor
  %xo = gnn.xor %o, %a : (tensor<8xi1>, tensor<8xi1>) -> tensor<8xi1>
  // CHECK: gnn.not %{{.*}} : tensor<8xi1>
  %n = gnn.not %xo : tensor<8xi1>
  // CHECK: gnn.iota : tensor<5xi64>
  %ids = gnn.iota : tensor<5xi64>
  return %sel, %s1, %w2, %n, %ids : tensor<?x3xf32>, tensor<13xi64>, tensor<?xf32>, tensor<8xi1>, tensor<5xi64>
}
