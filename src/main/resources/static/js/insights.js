// Draws the operations dashboard's charts from the figures the page carries in data attributes.
(function () {
  if (!window.echarts) {
    return;
  }
  var numbers = function (text) { return text ? text.split(',').map(Number) : []; };
  var days = function (data) { return data.days ? data.days.split(',').map(function (d) { return d.substring(5); }) : []; };
  var charts = [];
  var trend = document.getElementById('insights-trend');
  if (trend) {
    var data = trend.dataset;
    var chart = echarts.init(trend);
    chart.setOption({
      animation: false,
      color: ['#0f766e', '#f59e0b', '#6366f1'],
      tooltip: { trigger: 'axis' },
      legend: { data: [data.labelOrders, data.labelGmv, data.labelActive] },
      grid: { left: 48, right: 64, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: days(data) },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value' }],
      series: [
        { name: data.labelOrders, type: 'bar', data: numbers(data.orders) },
        { name: data.labelGmv, type: 'line', yAxisIndex: 1, data: numbers(data.gmv) },
        { name: data.labelActive, type: 'line', data: numbers(data.active) }
      ]
    });
    charts.push(chart);
  }
  var points = document.getElementById('insights-points');
  if (points) {
    var flow = points.dataset;
    var pointsChart = echarts.init(points);
    pointsChart.setOption({
      animation: false,
      color: ['#0f766e', '#dc2626'],
      tooltip: { trigger: 'axis' },
      legend: { data: [flow.labelIssued, flow.labelRedeemed] },
      grid: { left: 56, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: days(flow) },
      yAxis: { type: 'value' },
      series: [
        { name: flow.labelIssued, type: 'bar', stack: 'flow', data: numbers(flow.issued) },
        { name: flow.labelRedeemed, type: 'bar', data: numbers(flow.redeemed) }
      ]
    });
    charts.push(pointsChart);
  }
  var tiers = document.getElementById('insights-tiers');
  if (tiers) {
    var census = tiers.dataset;
    var tierChart = echarts.init(tiers);
    tierChart.setOption({
      animation: false,
      color: ['#0f766e'],
      tooltip: { trigger: 'axis' },
      grid: { left: 80, right: 24, bottom: 24, top: 8 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: census.names ? census.names.split(',') : [] },
      series: [{ name: census.label, type: 'bar', data: numbers(census.members) }]
    });
    charts.push(tierChart);
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
